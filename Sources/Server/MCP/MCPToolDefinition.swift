/// One tool an MCP agent sees: the `Dispatcher` method it forwards to, the prose an LLM reads to decide
/// when and how to call it, and the JSON Schema of its arguments (which are the method's params, DESIGN §5).
///
/// Pure data (no MCP import): `MCPToolServer` turns these into the SDK's `Tool`s and uses `inputSchema`'s
/// top-level `properties` to refuse misspelt argument names before dispatch.
public struct MCPToolDefinition: Hashable, Sendable {
    /// The tool name agents call (also the dispatcher method unless `method` says otherwise).
    public var name: String
    /// The dispatcher method the call is forwarded to.
    public var method: String
    /// A short human-readable title.
    public var title: String
    /// What the tool is for, what it returns, and examples, written for an LLM.
    public var description: String
    /// A JSON Schema (draft 2020-12 subset) of the arguments object.
    public var inputSchema: JSONValue
    /// Whether the tool only reads (all of the standard tools do).
    public var readOnly: Bool

    public init(name: String, method: String? = nil, title: String, description: String, inputSchema: JSONValue,
                readOnly: Bool = true) {
        self.name = name
        self.method = method ?? name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.readOnly = readOnly
    }

    /// The argument names the schema declares at top level (empty when it declares none).
    public var argumentNames: Set<String> {
        Set(inputSchema["properties"]?.objectValue?.keys.map { $0 } ?? [])
    }

    /// Whether the schema refuses argument names it does not declare.
    public var refusesUnknownArguments: Bool { inputSchema["additionalProperties"] == .bool(false) }

    /// `search`, `condition`, `profile`, `precedents`, `get` and `info`, in the order agents should
    /// consider them. Tools whose method the dispatcher lacks are dropped by `MCPToolServer`.
    public static let standard: [MCPToolDefinition] = [.search, .condition, .profile, .precedents, .get, .info]
}

// MARK: - Schema building blocks

/// Small constructors for the JSON Schema fragments the tools share.
enum MCPSchema {
    static func object(_ properties: [String: JSONValue], required: [String] = [], description: String? = nil,
                       closed: Bool = true) -> JSONValue {
        var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
        if closed { o["additionalProperties"] = false }
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    static func string(_ description: String) -> JSONValue {
        ["type": "string", "description": .string(description)]
    }

    static func number(_ description: String) -> JSONValue {
        ["type": "number", "description": .string(description)]
    }

    static func integer(_ description: String, minimum: Int, maximum: Int, default value: Int) -> JSONValue {
        ["type": "integer", "description": .string(description), "minimum": .number(Double(minimum)),
         "maximum": .number(Double(maximum)), "default": .number(Double(value))]
    }

    /// An object mapping free-form names (properties, modalities) to numbers.
    static func numberMap(_ description: String) -> JSONValue {
        ["type": "object", "additionalProperties": ["type": "number"], "description": .string(description)]
    }

    static func array(of items: JSONValue, minItems: Int? = nil, maxItems: Int? = nil,
                      description: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "array", "items": items]
        if let minItems { o["minItems"] = .number(Double(minItems)) }
        if let maxItems { o["maxItems"] = .number(Double(maxItems)) }
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    static let vector3 = array(of: ["type": "number"], minItems: 3, maxItems: 3)

    static func k(default value: Int, maximum: Int = 1000) -> JSONValue {
        integer("How many results to return.", minimum: 1, maximum: maximum, default: value)
    }

    static let filter = string("""
        Optional OPTIMADE-style filter on the candidates, e.g. `elements HAS ALL "Li","O" AND nelements<=3`. \
        Supports `elements HAS ALL|HAS ANY|HAS ONLY "X",…`, `nelements`, `chemical_formula_reduced="LiCoO2"`, \
        `space_group_number=225`, `crystal_system="cubic"`, numeric property comparisons (`density>3`), \
        and AND / OR / NOT with parentheses. A filtered request still returns k results when k exist.
        """)

    // MARK: Modalities (DESIGN §5 wire forms)

    static let crystal = object([
        "cif": string("Complete CIF text of one structure."),
        "poscar": string("Complete VASP POSCAR text."),
        "lattice": array(of: vector3, minItems: 3, maxItems: 3,
                         description: "Lattice vectors [[ax,ay,az],[bx,by,bz],[cx,cy,cz]] in ångström."),
        "species": array(of: ["type": "string"], description: "Element symbol of each site, e.g. [\"Fe\", \"O\"]."),
        "frac_coords": array(of: vector3, description: "Fractional coordinates [x,y,z] of each site."),
        "occupancies": array(of: ["type": "number"], description: "Optional site occupancies (default 1.0 each)."),
    ], description: """
        A crystal structure, in exactly one form: {"cif": "<CIF text>"}, {"poscar": "<POSCAR text>"}, or \
        {"lattice": …, "species": […], "frac_coords": […], "occupancies"?: […]}.
        """)

    static let composition: JSONValue = [
        "description": """
            A chemical composition: a formula string ("LiFePO4", "Fe2O3") or an object of element amounts \
            ({"Li": 1, "Fe": 1, "P": 1, "O": 4}).
            """,
        "anyOf": [["type": "string"], numberMap("Element symbol → amount.")],
    ]

    static let spectrum = object([
        "kind": ["type": "string", "enum": ["xrd"], "description": "The spectrum kind; only \"xrd\" (powder X-ray diffraction)."],
        "x": array(of: ["type": "number"], description: "Diffraction angles 2θ in degrees (a full pattern, with y)."),
        "y": array(of: ["type": "number"], description: "Intensities at each x (any scale)."),
        "peaks": array(of: array(of: ["type": "number"], minItems: 2, maxItems: 2),
                       description: "A peak list instead of x/y: [[2θ in degrees, relative intensity], …]."),
        "wavelength": number("X-ray wavelength in ångström; default 1.54184 (Cu Kα)."),
        "two_theta_range": array(of: ["type": "number"], minItems: 2, maxItems: 2,
                                 description: "For a peak list: the [start, end] 2θ window measured (a partial pattern)."),
    ], required: ["kind"], description: """
        A powder XRD pattern, either full ({"kind": "xrd", "x": […], "y": […]}) or as peaks \
        ({"kind": "xrd", "peaks": [[26.6, 100], [20.9, 22]]}), with an optional wavelength (Å); a \
        partial peak list may give the window it covers ("two_theta_range": [20, 40]).
        """)

    static let micrograph = object([
        "png_base64": string("The PNG image, base64-encoded (no data: prefix needed)."),
        "pixel_size": number("Ångström per pixel, when known: the search then matches the image's lattice spacings against each candidate's zone axes."),
    ], required: ["png_base64"], description: "An atomic-resolution micrograph (PNG), with its pixel size when calibrated.")

    static let text = string("Free text in any language: a description, a name, an application, a synthesis route.")

    static let properties = numberMap("""
        Measured properties by name, e.g. {"density": 3.2} (density in g/cm³). Call `info` for the property \
        names and units this atlas knows.
        """)

    /// A `search` query: one or more modalities, fused when several are given.
    static let query = object([
        "text": text,
        "composition": composition,
        "crystal": crystal,
        "spectrum": spectrum,
        "micrograph": micrograph,
        "properties": properties,
        "weights": numberMap("""
            Optional relative weight of each modality in the fusion, e.g. {"text": 1, "spectrum": 2}; \
            default equal weights.
            """),
    ], description: "What to look for: at least one modality. Several modalities are fused into one query.")
}
