/// A kind of description of a material; each has its own encoder into the shared space.
public enum Modality: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    /// A crystal structure (CIF, POSCAR, JSON), as a periodic graph.
    case crystal
    /// A chemical formula or `{element: amount}`.
    case composition
    /// A powder XRD pattern (profile or peak list), on a q grid with a mask.
    case spectrum
    /// A grayscale micrograph (e.g. HAADF-STEM), any size.
    case micrograph
    /// UTF-8 text: descriptions, titles, abstracts.
    case text
    /// A profile of numeric properties (any subset).
    case properties

    public var description: String { rawValue }
}
