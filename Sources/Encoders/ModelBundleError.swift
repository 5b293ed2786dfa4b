/// Why a model bundle directory cannot be loaded or written; every case names the file.
public enum ModelBundleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A required file is absent (`config.json`, `weights.safetensors`, `tokenizer.json`).
    case missingFile(String)
    /// The file exists but cannot be read or decoded.
    case invalidFile(String, message: String)
    /// `config.json` has a format version this build does not read.
    case unsupportedVersion(file: String, version: Int)
    /// The weights do not fit the model the config describes (missing/extra tensor, shape).
    case weightsMismatch(file: String, message: String)

    /// The file at fault.
    public var file: String {
        switch self {
        case .missingFile(let f), .invalidFile(let f, _), .unsupportedVersion(let f, _), .weightsMismatch(let f, _): f
        }
    }

    public var description: String {
        switch self {
        case .missingFile(let f): "model bundle: \(f) is missing"
        case .invalidFile(let f, let m): "model bundle: \(f): \(m)"
        case .unsupportedVersion(let f, let v): "model bundle: \(f) has format version \(v); this build reads \(Encoders.formatVersion)"
        case .weightsMismatch(let f, let m): "model bundle: \(f) does not fit the config: \(m)"
        }
    }
}
