import Foundation

extension BPETokenizer {
    /// Model inputs for many texts, encoded on up to `threads` threads; results in input order and
    /// identical to calling ``encode(_:maxLength:)`` on each text.
    /// - Parameters:
    ///   - texts: the texts.
    ///   - maxLength: the length of every result, at least 2.
    ///   - threads: worker threads (1 encodes on the caller's thread).
    public func encode(batch texts: [String], maxLength: Int, threads: Int = 1) -> [TokenizedText] {
        precondition(threads >= 1, "threads must be at least 1")
        let empty = TokenizedText(ids: [], attentionMask: [], isTruncated: false)
        var results = [TokenizedText](repeating: empty, count: texts.count)
        if threads == 1 || texts.count < 2 {
            for (k, text) in texts.enumerated() { results[k] = encode(text, maxLength: maxLength) }
            return results
        }
        // One contiguous range per thread; each writes a disjoint part of the buffer. The address
        // travels as an integer because raw pointers are not Sendable.
        let chunks = min(texts.count, threads)
        results.withUnsafeMutableBufferPointer { buffer in
            let address = Int(bitPattern: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let base = UnsafeMutablePointer<TokenizedText>(bitPattern: address)
                let lower = texts.count * chunk / chunks
                let upper = texts.count * (chunk + 1) / chunks
                for k in lower..<upper { base?[k] = encode(texts[k], maxLength: maxLength) }
            }
        }
        return results
    }
}
