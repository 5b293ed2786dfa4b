import Testing
@testable import Server

@Suite struct LineFramerTests {
    func drain(_ f: inout LineFramer) -> [LineFramer.Frame] {
        var out: [LineFramer.Frame] = []
        while let x = f.next() { out.append(x) }
        return out
    }

    @Test func splitsLinesArrivingInPieces() {
        var f = LineFramer(maxLineLength: 100)
        f.append(Array("PI".utf8))
        #expect(drain(&f).isEmpty)
        f.append(Array("NG\r\nINFO\nSEA".utf8))
        #expect(drain(&f) == [.line(Array("PING".utf8)), .line(Array("INFO".utf8))])
        f.append(Array("RCH k=1\n".utf8))
        #expect(drain(&f) == [.line(Array("SEARCH k=1".utf8))])
    }

    @Test func refusesAnOversizedLineOnceAndKeepsGoing() {
        var f = LineFramer(maxLineLength: 8)
        f.append(Array("0123456789".utf8))
        let frames = drain(&f)
        #expect(frames.count == 1)
        if case .oversized(let prefix)? = frames.first { #expect(prefix.count <= 64) } else { Issue.record("expected .oversized") }
        // The rest of the long line is discarded as it arrives; the buffer stays bounded.
        for _ in 0..<1000 { f.append(Array("abcdefghij".utf8)) }
        #expect(f.bufferedByteCount == 0)
        f.append(Array("tail\nPING\n".utf8))
        #expect(drain(&f) == [.line(Array("PING".utf8))])
    }

    @Test func keepsEmptyLinesAsEmptyFrames() {
        var f = LineFramer(maxLineLength: 8)
        f.append(Array("\n\r\n".utf8))
        #expect(drain(&f) == [.line([]), .line([])])
    }
}
