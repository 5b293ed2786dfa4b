/// Why a PNG could not be read or written.
///
/// libpng's simplified API reports failures by return value with a message of at most 63
/// characters; that message is carried verbatim in `.libpng`. libpng's own `longjmp` stays inside
/// libpng (the simplified API catches it in C), so no error ever unwinds through a Swift frame.
public enum PNGError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input is empty (zero bytes).
    case empty
    /// The input does not start with the 8-byte PNG signature; `offset` is the first byte that differs.
    case notPNG(offset: Int)
    /// The header declares more pixels than the decoder's limit allows (checked before any pixel
    /// buffer is allocated — the guard against decompression bombs).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// The header declares a zero width or height.
    case zeroSize(width: Int, height: Int)
    /// libpng rejected the data while reading the header or the pixels (`stage` says which),
    /// with libpng's own message, e.g. `"IHDR: CRC error"` or `"Not enough image data"`.
    case libpng(stage: Stage, message: String)
    /// The image cannot be written as asked (e.g. an unsupported bit depth).
    case unsupported(String)

    /// Where in the read or write a libpng failure happened.
    public enum Stage: String, Hashable, Sendable {
        /// Signature and chunks up to the first IDAT (`png_image_begin_read_from_memory`).
        case header
        /// Decompressing and converting the pixels (`png_image_finish_read`).
        case pixels
        /// Encoding (`png_image_write_to_memory`).
        case write
    }

    public var description: String {
        switch self {
        case .empty: return "PNG: empty input"
        case .notPNG(let offset): return "PNG: not a PNG file (signature differs at byte \(offset))"
        case .tooManyPixels(let w, let h, let limit):
            return "PNG: \(w)×\(h) exceeds the limit of \(limit) pixels"
        case .zeroSize(let w, let h): return "PNG: zero-sized image (\(w)×\(h))"
        case .libpng(let stage, let message): return "PNG (\(stage.rawValue)): \(message)"
        case .unsupported(let what): return "PNG: unsupported: \(what)"
        }
    }
}
