import Testing
@testable import Imaging

/// Broken PNGs give typed errors carrying libpng's message, never a crash.
struct PNGCorruptionTests {
    static func valid() throws -> [UInt8] { try Fixtures.bytes("png/rgb8.png") }

    @Test func emptyInput() {
        #expect(throws: PNGError.empty) { try PNGDecoder().decode([]) }
    }

    @Test func notAPNG() {
        let gif = Array("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8)
        #expect(throws: PNGError.notPNG(offset: 0)) { try PNGDecoder().decode(gif) }
        var png = (try? Self.valid()) ?? []
        png[3] = UInt8(ascii: "X")  // "\x89PNX…"
        #expect(throws: PNGError.notPNG(offset: 3)) { try PNGDecoder().decode(png) }
    }

    @Test(arguments: [4, 8, 20, 33, 50, 100])
    func truncated(at length: Int) throws {
        let png = Array(try Self.valid().prefix(length))
        do {
            _ = try PNGDecoder().decode(png)
            Issue.record("a PNG cut to \(length) bytes decoded")
        } catch {
            switch error {
            case .libpng(_, let message): #expect(!message.isEmpty)
            default: Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func badCRCInIHDR() throws {
        var png = try Self.valid()
        png[29] ^= 0xFF  // first byte of IHDR's CRC (8 signature + 4 length + 4 type + 13 data)
        #expect(throws: PNGError.libpng(stage: .header, message: "IHDR: CRC error")) { try PNGDecoder().decode(png) }
    }

    @Test func badCRCInIDAT() throws {
        var png = try Self.valid()
        let idat = try #require(PNGBytes.chunkOffsets(png).first { png[($0 + 4)..<($0 + 8)].elementsEqual("IDAT".utf8) })
        let length = Int(PNGBytes.readUInt32(png, at: idat))
        png[idat + 8 + length] ^= 0x55
        do {
            _ = try PNGDecoder().decode(png)
            Issue.record("a PNG with a bad IDAT CRC decoded")
        } catch {
            #expect(error == .libpng(stage: .pixels, message: "IDAT: CRC error"))
        }
    }

    @Test func absurdDimensionsAreRefusedBeforeAllocating() throws {
        // 50,000 × 50,000 (2.5 Gpx) is within libpng's per-side limit: our pixel limit must stop it.
        let png = PNGBytes.withDimensions(try Self.valid(), width: 50_000, height: 50_000)
        #expect(throws: PNGError.tooManyPixels(width: 50_000, height: 50_000, limit: PNGDecoder.defaultMaxPixels)) {
            try PNGDecoder().decode(png)
        }
        // A configurable limit: the 13×7 fixture passes at 91 px, fails at 90.
        let small = try Self.valid()
        #expect(try PNGDecoder(maxPixels: 91).decode(small).pixelCount == 91)
        #expect(throws: PNGError.tooManyPixels(width: 13, height: 7, limit: 90)) { try PNGDecoder(maxPixels: 90).decode(small) }
    }

    @Test func dimensionsBeyondPNGLimitsComeFromLibpng() throws {
        // 2^31 wide breaks the PNG specification's 31-bit limit; 2,000,000 breaks libpng's default
        // per-side limit (1,000,000). libpng rejects both while reading IHDR, before our check.
        let valid = try Self.valid()
        let huge = PNGBytes.withDimensions(valid, width: 0x8000_0000, height: 7)
        #expect(throws: PNGError.libpng(stage: .header, message: "PNG unsigned integer out of range")) {
            try PNGDecoder().decode(huge)
        }
        let wide = PNGBytes.withDimensions(valid, width: 2_000_000, height: 7)
        #expect(throws: PNGError.libpng(stage: .header, message: "Invalid IHDR data")) {
            try PNGDecoder().decode(wide)
        }
    }

    @Test func zeroSize() throws {
        let png = PNGBytes.withDimensions(try Self.valid(), width: 0, height: 7)
        do {
            _ = try PNGDecoder().decode(png)
            Issue.record("decoded a 0-wide PNG")
        } catch {
            switch error {
            case .zeroSize, .libpng(.header, _): break  // libpng rejects width 0 in IHDR first
            default: Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func headerAloneReportsSizeWithoutDecoding() throws {
        let png = PNGBytes.withDimensions(try Self.valid(), width: 8000, height: 8000)
        // The header is valid (IDAT is too short for that size, but header(of:) does not look).
        let header = try PNGDecoder().header(of: png)
        #expect(header.width == 8000 && header.height == 8000)
        // Decoding with a small limit is refused before allocation; with the default, libpng finds
        // the data missing.
        #expect(throws: PNGError.tooManyPixels(width: 8000, height: 8000, limit: 1_000_000)) {
            try PNGDecoder(maxPixels: 1_000_000).decode(png)
        }
        #expect(throws: PNGError.self) { try PNGDecoder().decode(png) }
    }
}
