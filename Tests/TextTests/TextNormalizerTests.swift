import Testing
@testable import Text

@Suite struct TextNormalizerTests {
    @Test func foldsFullWidthSubscriptsAndSharpS() {
        // The example measured in ../shared/notes/toolchain.md.
        #expect(TextNormalizer.normalize("Ｆｅ₂Ｏ₃ Straße") == "fe2o3 strasse")
    }

    @Test func nfkcKeepsCase() {
        #expect(TextNormalizer.nfkc("Ｆｅ₂Ｏ₃") == "Fe2O3")
        #expect(TextNormalizer.nfkc("LiCoO₂ vs CO") == "LiCoO2 vs CO")
    }

    @Test func compatibilityCharacters() {
        #expect(TextNormalizer.nfkc("1200 ℃") == "1200 °C")           // U+2103 → degree + C
        #expect(TextNormalizer.nfkc("2.96 \u{212B}") == "2.96 \u{00C5}")  // angstrom sign → Å
        #expect(TextNormalizer.nfkc("ﬁlm") == "film")                     // ligature
        #expect(TextNormalizer.nfkc("crys\u{00AD}tal") == "crystal")      // soft hyphen is default-ignorable
        #expect(TextNormalizer.nfkc("e\u{0301}") == "\u{00E9}")            // composed
        #expect(TextNormalizer.normalize("ÅNGSTRÖM") == "ångström")
    }

    @Test func asciiFastPathAgreesWithUtf8proc() {
        // "é" forces the utf8proc path for the whole string; the ASCII part must fold identically.
        let ascii = "Mixed CASE Words 123 (P2_1/c) !"
        #expect(TextNormalizer.normalize(ascii + "é") == TextNormalizer.normalize(ascii) + "é")
        #expect(TextNormalizer.nfkc(ascii) == ascii)
    }

    @Test func validBytesDecode() throws {
        let bytes = Array("Straße ₂".utf8)
        #expect(try TextNormalizer.normalize(utf8: bytes) == "strasse 2")
        #expect(try TextNormalizer.nfkc(utf8: bytes) == "Straße 2")
    }

    @Test(arguments: [
        ([0x61, 0xFF, 0x62], 1),                 // a byte that never occurs in UTF-8
        ([0x61, 0x62, 0xE2, 0x82], 2),           // truncated 3-byte sequence at the end
        ([0xC0, 0xAF], 0),                       // overlong encoding of "/"
        ([0x41, 0xED, 0xA0, 0x80], 1),           // an encoded UTF-16 surrogate
        ([0x41, 0x42, 0x43, 0x80], 3),           // a lone continuation byte
        ([0xF4, 0x90, 0x80, 0x80], 0),           // beyond U+10FFFF
    ] as [([UInt8], Int)])
    func invalidUTF8ReportsOffset(bytes: [UInt8], offset: Int) {
        #expect(throws: TextError.invalidUTF8(byteOffset: offset)) {
            try TextNormalizer.normalize(utf8: bytes)
        }
        #expect(TextNormalizer.firstInvalidUTF8Offset(bytes) == offset)
    }
}
