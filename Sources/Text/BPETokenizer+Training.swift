extension BPETokenizer {
    /// Learns byte-level BPE merges from `texts`.
    ///
    /// Pre-tokens are counted once per distinct spelling; pair counts are kept incrementally and the
    /// next merge comes from a max-heap with lazy invalidation, so each merge touches only the
    /// words that contain its pair. Deterministic: the same texts give the same merges (ties go
    /// to the pair with the smaller ids).
    /// - Parameters:
    ///   - texts: the training texts.
    ///   - vocabularySize: the total number of ids wanted (5 special + 256 bytes + merges); at least 261.
    ///   - minFrequency: a pair is merged only if it occurs at least this many times (weighted by
    ///     pre-token frequency); training stops early, with a smaller vocabulary, when none does.
    ///   - preTokenizer: the pre-tokeniser, stored with the result.
    /// - Complexity: about O(N + M·w) for N pre-tokens and M merges touching w word types each.
    public static func train(
        texts: some Sequence<String>, vocabularySize: Int, minFrequency: Int = 2,
        preTokenizer: PreTokenizer = PreTokenizer()
    ) -> BPETokenizer {
        precondition(vocabularySize >= Int(firstMergeID), "vocabularySize must be at least \(firstMergeID)")
        var frequencies: [[UInt8]: Int] = [:]
        for text in texts {
            for token in preTokenizer.pretokenize(text) {
                frequencies[bytes(of: token), default: 0] += 1
            }
        }
        return train(wordFrequencies: frequencies, vocabularySize: vocabularySize,
                     minFrequency: minFrequency, preTokenizer: preTokenizer)
    }

    /// Learns merges from pre-token byte strings and their frequencies (see ``train(texts:vocabularySize:minFrequency:preTokenizer:)``).
    static func train(
        wordFrequencies: [[UInt8]: Int], vocabularySize: Int, minFrequency: Int, preTokenizer: PreTokenizer
    ) -> BPETokenizer {
        // Distinct words in a fixed order (dictionary order varies between runs).
        let sortedWords = wordFrequencies.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var words: [[Int32]] = sortedWords.map { $0.key.map { firstByteID + Int32($0) } }
        let counts: [Int] = sortedWords.map(\.value)

        var pairCounts: [UInt64: Int] = [:]
        var pairWords: [UInt64: [Int32]] = [:]
        for (w, word) in words.enumerated() where word.count > 1 {
            for k in 0..<(word.count - 1) {
                let pair = key(word[k], word[k + 1])
                pairCounts[pair, default: 0] += counts[w]
                // A word may repeat a pair; a repeated index is harmless (skipped by the stamp below).
                if pairWords[pair]?.last != Int32(w) { pairWords[pair, default: []].append(Int32(w)) }
            }
        }
        var heap = PairHeap()
        for (pair, count) in pairCounts { heap.push(.init(count: count, pair: pair)) }

        var merges: [Merge] = []
        let wanted = vocabularySize - Int(firstMergeID)
        var stamp = [Int](repeating: -1, count: words.count)
        var touched: [UInt64] = []
        var rebuilt: [Int32] = []
        while merges.count < wanted, let top = heap.pop() {
            let live = pairCounts[top.pair] ?? 0
            if live != top.count {
                if live > 0 { heap.push(.init(count: live, pair: top.pair)) }
                continue
            }
            if live < minFrequency || live <= 0 { break }
            let left = Int32(truncatingIfNeeded: top.pair >> 32)
            let right = Int32(truncatingIfNeeded: top.pair & 0xFFFF_FFFF)
            let newID = firstMergeID + Int32(merges.count)
            merges.append(Merge(left: left, right: right))
            touched.removeAll(keepingCapacity: true)

            for w32 in pairWords[top.pair] ?? [] {
                let w = Int(w32)
                if stamp[w] == merges.count { continue }
                stamp[w] = merges.count
                let word = words[w]
                let count = counts[w]
                // Merge left to right, non-overlapping.
                rebuilt.removeAll(keepingCapacity: true)
                var k = 0
                var changed = false
                while k < word.count {
                    if k + 1 < word.count, word[k] == left, word[k + 1] == right {
                        rebuilt.append(newID)
                        k += 2
                        changed = true
                    } else {
                        rebuilt.append(word[k])
                        k += 1
                    }
                }
                if !changed { continue }
                for k in 0..<(word.count - 1) {
                    let pair = key(word[k], word[k + 1])
                    pairCounts[pair, default: 0] -= count
                }
                for k in 0..<(rebuilt.count - 1) {
                    let pair = key(rebuilt[k], rebuilt[k + 1])
                    pairCounts[pair, default: 0] += count
                    if rebuilt[k] == newID || rebuilt[k + 1] == newID {
                        if pairWords[pair]?.last != w32 { pairWords[pair, default: []].append(w32) }
                        touched.append(pair)
                    }
                }
                words[w] = rebuilt
            }
            pairCounts[top.pair] = nil
            pairWords[top.pair] = nil
            touched.sort()
            var previous: UInt64? = nil
            for pair in touched where pair != previous {
                previous = pair
                if let count = pairCounts[pair], count > 0 { heap.push(.init(count: count, pair: pair)) }
            }
        }
        return BPETokenizer(merges: merges, preTokenizer: preTokenizer)
    }
}
