/// The standard Matlas tools. Each forwards its arguments unchanged as the params of the dispatcher
/// method of the same name (DESIGN §5); the descriptions tell an agent what comes back and show examples.
extension MCPToolDefinition {
    public static let search = MCPToolDefinition(
        name: "search",
        title: "Search the materials atlas",
        description: """
            Find known materials that best match a query given in one or more modalities: free text, a \
            chemical composition, a crystal structure (CIF, POSCAR or lattice + sites), a powder X-ray \
            diffraction pattern, a micrograph (PNG), or measured properties. All modalities live in one \
            learned space, so any of them can find the others (text finds structures, a pattern finds \
            minerals); several modalities in one query are fused.
            Returns JSON {"hits": [{"id", "score", "confidence", "ood", "formula", "name", "space_group", \
            "properties", "references", …}], "ood", "took_ms"}, best first. `score` is a similarity (higher \
            is closer), `confidence` a calibrated probability (0–1) that the hit is the right material, and \
            `ood` true when the query looks unlike anything the atlas knows: trust such hits less. XRD \
            searches explain each hit with its matched peaks. \
            Pass a hit's `id` to `get` for the full record or to `precedents` for its literature.
            Examples:
            {"query": {"text": "layered lithium cobalt oxide cathode"}, "k": 5}
            {"query": {"composition": "Fe2O3"}, "filter": "crystal_system=\\"trigonal\\"", "k": 3}
            {"query": {"spectrum": {"kind": "xrd", "peaks": [[26.6, 100], [20.9, 22], [50.1, 14]]}}, "k": 1}
            {"query": {"text": "blue pigment", "composition": {"Cu": 1, "Si": 4, "O": 10, "Ca": 1}}, "k": 5}
            """,
        inputSchema: MCPSchema.object([
            "query": MCPSchema.query,
            "k": MCPSchema.k(default: 10),
            "filter": MCPSchema.filter,
            "fields": MCPSchema.array(of: ["type": "string"], description: """
                Only these keys of each hit (id is always kept), e.g. ["id", "score", "formula", "name"]:                 shorter answers, and the atlas skips reading properties, references and elements it is not asked for.
                """),
        ], required: ["query"]))

    public static let condition = MCPToolDefinition(
        name: "condition",
        title: "Conditioning for structure generation",
        description: """
            Turn a description of a wanted material (text, optionally a composition and target properties) \
            into what a crystal-structure generator needs: a conditioning vector in the atlas's latent space, \
            the k nearest real exemplar structures with their CIF text, and a ready prompt for an \
            autoregressive CIF-generating language model (it starts `data_<formula>` and carries the top \
            exemplar's space group and cell lines). Use it to seed or steer generation of new structures; \
            the exemplars are real, citable structures to compare against.
            Returns JSON {"vector": [floats], "exemplars": [{"id", "formula", "cif", "score", …}], "prompt"}.
            Examples:
            {"text": "a wide-band-gap oxide perovskite for UV photodetectors", "k": 3}
            {"text": "dense iron oxide", "composition": "Fe3O4", "properties": {"density": 5.2}}
            """,
        inputSchema: MCPSchema.object([
            "text": MCPSchema.string("What the material should be: structure type, chemistry, use, properties in words."),
            "composition": MCPSchema.composition,
            "properties": MCPSchema.properties,
            "k": MCPSchema.k(default: 5, maximum: 100),
        ], required: ["text"]))

    public static let profile = MCPToolDefinition(
        name: "profile",
        title: "Rank by a property profile",
        description: """
            Rank known materials by how well their properties fit a multi-property target. Each target is \
            either a value (closer is better) or a range [lo, hi] (a hard constraint: materials outside it \
            are not returned). Optional weights say which targets matter most. Property names and units \
            come from `info` (e.g. density in g/cm³).
            Returns JSON {"hits": [{"id", "score", "fit", "formula", "name", "meets_all", "targets": \
            {<property>: {"value", "target", "meets", "off_by"}}, …}], "candidates", "took_ms"}, best fit \
            first: each hit says which targets it meets and by how much it misses the others.
            Examples:
            {"targets": {"density": [2.5, 3.0]}, "k": 10}
            {"targets": {"density": 5.2}, "filter": "elements HAS ALL \\"Fe\\",\\"O\\"", "k": 5}
            """,
        inputSchema: MCPSchema.object([
            "targets": [
                "type": "object",
                "description": "Property name → target value, or [lo, hi] for a hard range (same units as `info`).",
                "minProperties": 1,
                "additionalProperties": [
                    "anyOf": [
                        ["type": "number"],
                        MCPSchema.array(of: ["type": "number"], minItems: 2, maxItems: 2),
                    ],
                ],
            ],
            "weights": MCPSchema.numberMap("Optional property name → relative weight (default 1 each)."),
            "k": MCPSchema.k(default: 10),
            "filter": MCPSchema.filter,
        ], required: ["targets"]))

    public static let precedents = MCPToolDefinition(
        name: "precedents",
        title: "Literature and synthesis precedents",
        description: """
            Find what is already known about a material and its nearest neighbours in the atlas: literature \
            references (title, authors, journal, year) and description / synthesis records, each with its \
            provenance (source database and entry), ready to cite. Give exactly one of `id` (an atlas id from \
            a search hit), `formula`, or `text` (a free description).
            Returns JSON with the materials considered (id, formula, name, score) and their records.
            Examples:
            {"formula": "LiFePO4", "k": 5}
            {"id": "<id of a search hit>", "k": 3}
            {"text": "hydrothermal synthesis of zeolites", "k": 5}
            """,
        inputSchema: MCPSchema.object([
            "id": MCPSchema.string("An atlas material id, exactly as returned in a search hit."),
            "formula": MCPSchema.string("A chemical formula, e.g. \"LiFePO4\"."),
            "text": MCPSchema.string("A free-text description of the material or process."),
            "k": MCPSchema.k(default: 5, maximum: 100),
        ]))

    public static let get = MCPToolDefinition(
        name: "get",
        title: "Get one material",
        description: """
            The full stored record of one material by its atlas id (from a search, profile or precedents \
            hit): formula, name, space group, CIF, properties and references.
            Example: {"id": "<id of a search hit>"}
            """,
        inputSchema: MCPSchema.object([
            "id": MCPSchema.string("The atlas material id, exactly as returned in a hit."),
        ], required: ["id"]))

    public static let info = MCPToolDefinition(
        name: "info",
        title: "About this atlas",
        description: """
            What this atlas holds and understands: the model, the embedding dimension, the query modalities, \
            the property names with their units, the number of materials, index parameters and limits. Call \
            it once before using properties, `profile` or filters. Takes no arguments: {}.
            """,
        inputSchema: MCPSchema.object([:]))
}
