import CMatlas

/// What a PNG header says, read without decoding any pixels.
public struct PNGHeader: Hashable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Channels the decoder will return: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. A palette image
    /// becomes RGB (RGBA when it has a tRNS chunk); gray or RGB with tRNS gains an alpha channel.
    public let channels: Int
    /// 16 for 16-bit files, 8 for everything else (1/2/4-bit gray and palette files are expanded).
    public let bitDepth: Int
    /// True for a colour-mapped (palette) file.
    public let isPalette: Bool
}

/// Reads PNG files through libpng's simplified API (`png_image_begin_read_from_memory`,
/// `png_image_finish_read`): every colour type (gray, gray + alpha, RGB, RGBA, palette), bit depths
/// 1–16, interlaced or not.
///
/// Sample values: an 8-bit (or lower) file is read as 8-bit sRGB-encoded samples, a 16-bit file as
/// 16-bit linear samples, each divided by 255 or 65535 — so a file without gamma information comes
/// back exactly as stored. A file whose `gAMA`/`sRGB`/`cHRM` chunks say otherwise is converted by
/// libpng to those encodings. libpng returns 16-bit colour premultiplied by alpha; the decoder divides
/// it back out so that `Image` alpha is always straight.
///
/// Decompression bombs: the header is parsed first and `maxPixels` checked before any pixel buffer is
/// allocated. libpng's own limits (1,000,000 px per side, 8 MB per ancillary chunk) also apply.
public struct PNGDecoder: Sendable {
    /// The default pixel limit: 64 Mpx (an 8192 × 8192 image).
    public static let defaultMaxPixels = 64 * 1024 * 1024

    /// The largest `width × height` the decoder accepts.
    public var maxPixels: Int

    /// A decoder that refuses images of more than `maxPixels` pixels.
    public init(maxPixels: Int = PNGDecoder.defaultMaxPixels) {
        precondition(maxPixels > 0, "the pixel limit must be positive")
        self.maxPixels = maxPixels
    }

    /// The PNG signature, `\x89PNG\r\n\x1a\n`.
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// Reads the header of a PNG (signature and chunks up to the first IDAT) without decoding pixels.
    /// - Throws: `PNGError` — empty input, a bad signature, a header libpng rejects, zero or too
    ///   many pixels.
    public func header(of bytes: [UInt8]) throws(PNGError) -> PNGHeader {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(PNGError) -> PNGHeader in
                let image = ControlBlock()
                defer { image.release() }
                try beginRead(image.pointer, raw)
                return Self.header(of: image.pointer.pointee)
            }
        }
        return try result.get()
    }

    /// Decodes a PNG file held in memory.
    /// - Returns: an `Image` with samples in [0, 1] (see the type's documentation for the encodings).
    /// - Throws: `PNGError` with libpng's message for corrupt data (bad CRC, truncated stream,
    ///   invalid IHDR), `.tooManyPixels` above the limit, `.empty` / `.notPNG` for other input.
    /// - Complexity: O(width × height).
    public func decode(_ bytes: [UInt8]) throws(PNGError) -> Image {
        // `withUnsafeBytes` rethrows untyped errors: carry the typed one out in a `Result`.
        let result = bytes.withUnsafeBytes { raw in Result { () throws(PNGError) in try decode(raw) } }
        return try result.get()
    }

    /// Decodes a PNG file from raw memory (see `decode(_:)` for `[UInt8]`).
    public func decode(_ raw: UnsafeRawBufferPointer) throws(PNGError) -> Image {
        let control = ControlBlock()
        defer { control.release() }
        let image = control.pointer
        try beginRead(image, raw)
        let info = Self.header(of: image.pointee)
        let (w, h, channels) = (info.width, info.height, info.channels)
        // The output format: the file's own channels and depth, never a colour map.
        image.pointee.format &= PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_LINEAR
        let count = w * h * channels

        if info.bitDepth == 16 {
            var buffer = [UInt16](repeating: 0, count: count)
            let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw Self.failure(.pixels, image) }
            return Image(width: w, height: h, channels: channels,
                         pixels: Self.straightAlpha(buffer, channels: channels))
        } else {
            var buffer = [UInt8](repeating: 0, count: count)
            let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw Self.failure(.pixels, image) }
            // Division (not a reciprocal multiply) so that k/255 is the correctly rounded float.
            return Image(width: w, height: h, channels: channels, pixels: buffer.map { Float($0) / 255 })
        }
    }

    /// A heap-allocated `png_image`. libpng keeps the address of the `png_image` it was started
    /// with (as its error and I/O pointer) until the read finishes, so the struct must not move:
    /// a Swift local passed with `&` may be a temporary copy per call.
    struct ControlBlock {
        let pointer: UnsafeMutablePointer<png_image>

        init() {
            pointer = .allocate(capacity: 1)
            var image = png_image()
            image.version = UInt32(PNG_IMAGE_VERSION)
            image.opaque = nil
            pointer.initialize(to: image)
        }

        /// Frees libpng's state (a no-op once libpng has freed it) and the struct.
        func release() {
            png_image_free(pointer)
            pointer.deinitialize(count: 1)
            pointer.deallocate()
        }
    }

    /// Starts a read: checks the signature, lets libpng parse the header, then checks the size
    /// against the limit. On success the caller must finish the read or release the block.
    private func beginRead(_ image: UnsafeMutablePointer<png_image>, _ raw: UnsafeRawBufferPointer) throws(PNGError) {
        guard raw.count > 0, let base = raw.baseAddress else { throw .empty }
        for i in 0..<Swift.min(raw.count, Self.signature.count) where raw[i] != Self.signature[i] {
            throw .notPNG(offset: i)
        }
        guard png_image_begin_read_from_memory(image, base, raw.count) != 0 else {
            throw Self.failure(.header, image)
        }
        let (w, h) = (Int(image.pointee.width), Int(image.pointee.height))
        if w == 0 || h == 0 { throw .zeroSize(width: w, height: h) }
        let (pixels, overflow) = w.multipliedReportingOverflow(by: h)
        if overflow || pixels > maxPixels {
            throw .tooManyPixels(width: w, height: h, limit: maxPixels)
        }
    }

    private static func header(of image: png_image) -> PNGHeader {
        let f = image.format
        let color = f & PNG_FORMAT_FLAG_COLOR != 0
        let alpha = f & PNG_FORMAT_FLAG_ALPHA != 0
        return PNGHeader(width: Int(image.width), height: Int(image.height),
                         channels: (color ? 3 : 1) + (alpha ? 1 : 0),
                         bitDepth: f & PNG_FORMAT_FLAG_LINEAR != 0 ? 16 : 8,
                         isPalette: f & PNG_FORMAT_FLAG_COLORMAP != 0)
    }

    /// The error for a failed libpng call, carrying libpng's message; frees what libpng still holds.
    private static func failure(_ stage: PNGError.Stage, _ image: UnsafeMutablePointer<png_image>) -> PNGError {
        let message = libpngMessage(image.pointee)
        png_image_free(image)
        return .libpng(stage: stage, message: message.isEmpty ? "unknown libpng error" : message)
    }

    /// 16-bit linear samples (colour premultiplied by alpha, as libpng returns them) to straight-alpha
    /// floats in [0, 1].
    private static func straightAlpha(_ buffer: [UInt16], channels: Int) -> [Float] {
        var out = buffer.map { Float($0) / 65535 }
        guard channels == 2 || channels == 4 else { return out }
        var i = 0
        while i < out.count {
            let a = out[i + channels - 1]
            for c in 0..<(channels - 1) {
                out[i + c] = a > 0 ? Swift.min(1, out[i + c] / a) : 0
            }
            i += channels
        }
        return out
    }
}

/// libpng's message from a `png_image` (a NUL-terminated `char[64]`).
func libpngMessage(_ image: png_image) -> String {
    withUnsafeBytes(of: image.message) { bytes in
        String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
}
