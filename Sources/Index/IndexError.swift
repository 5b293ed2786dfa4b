/// Errors of the index, the log, snapshots and the catalog. Each carries where it happened.
public enum IndexError: Error, Equatable, CustomStringConvertible {
    /// A system call failed (`errno` value).
    case io(path: String, operation: String, errno: Int32)
    /// A file's checksum does not match its contents.
    case checksumMismatch(path: String, offset: Int)
    /// A file is not in the expected format.
    case corrupt(path: String, offset: Int, reason: String)
    /// A vector has the wrong dimension.
    case dimensionMismatch(field: String, expected: Int, actual: Int)
    /// A vector is zero or not finite, so it cannot be normalised.
    case invalidVector(field: String)
    /// The data directory was created with other parameters.
    case incompatible(path: String, reason: String)
    /// SQLite reported an error.
    case sqlite(code: Int32, message: String, statement: String)
    /// An argument is out of range.
    case invalidArgument(field: String, reason: String)

    public var description: String {
        switch self {
        case let .io(path, operation, errno): "\(operation) failed on \(path) (errno \(errno))"
        case let .checksumMismatch(path, offset): "checksum mismatch in \(path) at byte \(offset)"
        case let .corrupt(path, offset, reason): "\(path) is corrupt at byte \(offset): \(reason)"
        case let .dimensionMismatch(field, expected, actual): "\(field): expected \(expected) dimensions, got \(actual)"
        case let .invalidVector(field): "\(field): vector is zero or not finite"
        case let .incompatible(path, reason): "\(path): \(reason)"
        case let .sqlite(code, message, statement): "sqlite error \(code): \(message) in \(statement)"
        case let .invalidArgument(field, reason): "\(field): \(reason)"
        }
    }
}
