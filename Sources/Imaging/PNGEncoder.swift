import CMatlas

/// Writes PNG files through libpng's simplified API (`png_image_write_to_memory`): gray, gray +
/// alpha, RGB or RGBA, 8 or 16 bits per sample, not interlaced.
///
/// Samples are clamped to [0, 1] and rounded to the nearest of 255 or 65535 steps. An 8-bit file is
/// tagged sRGB and a 16-bit file linear (gAMA 1.0), as the simplified API does, so that `PNGDecoder`
/// reads back the same integers.
public struct PNGEncoder: Sendable {
    /// Bits per sample in the written file.
    public enum BitDepth: Int, Sendable, CaseIterable {
        case eight = 8
        case sixteen = 16
    }

    /// Bits per sample to write.
    public var bitDepth: BitDepth
    /// Favour speed over size (libpng's `PNG_IMAGE_FLAG_FAST`): for intermediate files only.
    public var fast: Bool

    public init(bitDepth: BitDepth = .eight, fast: Bool = false) {
        self.bitDepth = bitDepth
        self.fast = fast
    }

    /// Encodes `image` as a PNG file.
    /// - Throws: `PNGError.zeroSize` for an empty image, `.libpng(stage: .write, …)` if libpng fails.
    /// - Complexity: O(width × height).
    public func encode(_ image: Image) throws(PNGError) -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw .zeroSize(width: image.width, height: image.height)
        }
        guard image.width <= Int(Int32.max) / image.channels, image.height <= Int(UInt32.max) else {
            throw .unsupported("\(image.width)×\(image.height) is too large for one PNG")
        }
        // libpng keeps the png_image's address during a call: a fixed heap block, as in PNGDecoder.
        let control = PNGDecoder.ControlBlock()
        defer { control.release() }
        let png = control.pointer
        png.pointee.width = UInt32(image.width)
        png.pointee.height = UInt32(image.height)
        var format: UInt32 = 0
        if image.channels >= 3 { format |= PNG_FORMAT_FLAG_COLOR }
        if image.hasAlpha { format |= PNG_FORMAT_FLAG_ALPHA }
        if bitDepth == .sixteen { format |= PNG_FORMAT_FLAG_LINEAR }
        png.pointee.format = format
        png.pointee.flags = fast ? UInt32(PNG_IMAGE_FLAG_FAST) : 0

        switch bitDepth {
        case .eight:
            let samples = image.pixels.map { UInt8(($0.isNaN ? 0 : Swift.min(1, Swift.max(0, $0))) * 255 + 0.5) }
            return try samples.withUnsafeBytes { raw in Result { () throws(PNGError) in try write(png, raw) } }.get()
        case .sixteen:
            let samples = Self.premultiplied16(image)
            return try samples.withUnsafeBytes { raw in Result { () throws(PNGError) in try write(png, raw) } }.get()
        }
    }

    /// 16-bit samples, colour premultiplied by alpha (the simplified API's linear formats expect
    /// associated alpha and divide it out when writing).
    private static func premultiplied16(_ image: Image) -> [UInt16] {
        func clamp(_ v: Float) -> Float { v.isNaN ? 0 : Swift.min(1, Swift.max(0, v)) }
        let ch = image.channels
        guard image.hasAlpha else { return image.pixels.map { UInt16(clamp($0) * 65535 + 0.5) } }
        var out = [UInt16](repeating: 0, count: image.pixels.count)
        var i = 0
        while i < out.count {
            let a = clamp(image.pixels[i + ch - 1])
            for c in 0..<(ch - 1) { out[i + c] = UInt16(clamp(image.pixels[i + c]) * a * 65535 + 0.5) }
            out[i + ch - 1] = UInt16(a * 65535 + 0.5)
            i += ch
        }
        return out
    }

    /// One call into libpng with a buffer sized by libpng's documented upper bound
    /// (`PNG_IMAGE_PNG_SIZE_MAX`, recomputed here because Swift cannot import function-like macros);
    /// should the bound ever be too small, libpng reports the size it needs and we retry once.
    private func write(_ png: UnsafeMutablePointer<png_image>, _ raw: UnsafeRawBufferPointer) throws(PNGError) -> [UInt8] {
        let rawBytes = raw.count + Int(png.pointee.height)                       // PNG_IMAGE_DATA_SIZE
        let zlibMax = rawBytes + (rawBytes + 7) / 8 + (rawBytes + 63) / 64 + 11  // PNG_ZLIB_MAX_SIZE
        var capacity = 8 + 25 + 16 + 44 + 12 + 12 + 12 * (zlibMax / 8192 + 1) + zlibMax + 64
        for _ in 0..<2 {
            var out = [UInt8](repeating: 0, count: capacity)
            var size = png_alloc_size_t(capacity)
            let ok = out.withUnsafeMutableBytes {
                png_image_write_to_memory(png, $0.baseAddress, &size, 0, raw.baseAddress, 0, nil)
            }
            if ok != 0 {
                out.removeSubrange(Int(size)...)
                return out
            }
            let message = libpngMessage(png.pointee)
            png_image_free(png)
            guard Int(size) > capacity else {
                throw .libpng(stage: .write, message: message.isEmpty ? "unknown libpng error" : message)
            }
            capacity = Int(size)
            png.pointee.warning_or_error = 0
        }
        throw .libpng(stage: .write, message: "output buffer estimate too small")
    }
}

extension Image {
    /// This image as PNG bytes (see `PNGEncoder`).
    public func pngData(bitDepth: PNGEncoder.BitDepth = .eight) throws(PNGError) -> [UInt8] {
        try PNGEncoder(bitDepth: bitDepth).encode(self)
    }

    /// Decodes a PNG file (see `PNGDecoder`), refusing more than `maxPixels` pixels.
    public init(png bytes: [UInt8], maxPixels: Int = PNGDecoder.defaultMaxPixels) throws(PNGError) {
        self = try PNGDecoder(maxPixels: maxPixels).decode(bytes)
    }
}
