/// The retrieval tasks of `matlas eval`: a query modality → the crystals of the split, or
/// crystal → text.
public enum EvaluationTask: String, CaseIterable, Codable, Sendable {
    case description = "robocrys text → crystal"
    case title = "paper title → crystal"
    case composition = "composition → crystal"
    case xrdFull = "XRD Cu 5–90° → crystal"
    case xrdWindow = "XRD 20° window → crystal"
    case xrdPerturbed = "XRD perturbed → crystal"
    case xrdMo = "XRD Mo Kα → crystal"
    case micrograph = "STEM micrograph → crystal"
    case properties = "properties → crystal"
    case crystalToText = "crystal → robocrys text"

    /// A short key for JSON and calibration.
    public var key: String {
        switch self {
        case .description: "description"
        case .title: "title"
        case .composition: "composition"
        case .xrdFull: "xrd_full"
        case .xrdWindow: "xrd_window"
        case .xrdPerturbed: "xrd_perturbed"
        case .xrdMo: "xrd_mo"
        case .micrograph: "micrograph"
        case .properties: "properties"
        case .crystalToText: "crystal_to_text"
        }
    }

    /// Whether a query of this task also hits a gallery item of the same reduced formula.
    public var formulaHits: Bool { self == .composition }
}
