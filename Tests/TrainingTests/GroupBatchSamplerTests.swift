import Testing
@testable import Training

@Suite struct GroupBatchSamplerTests {
    @Test func noGroupTwiceInABatchAndEveryItemOnce() {
        // 300 items in 40 groups of uneven size (group g has about 2g/3 + 1 items).
        var groups: [Int] = []
        for g in 0..<40 { groups += [Int](repeating: g, count: 1 + (2 * g) / 3) }
        let sampler = GroupBatchSampler(groups: groups, batchSize: 16, seed: 3, minimumBatch: 1)
        for epoch in 0..<3 {
            let batches = sampler.batches(epoch: epoch)
            for b in batches {
                #expect(Set(b.map { groups[$0] }).count == b.count)
                #expect(b.count <= 16)
            }
            #expect(batches.flatMap { $0 }.sorted() == Array(groups.indices))
        }
    }

    @Test func seededAndEpochDependent() {
        let groups = Array(0..<100)
        let s = GroupBatchSampler(groups: groups, batchSize: 10, seed: 1)
        #expect(s.batches(epoch: 0) == s.batches(epoch: 0))
        #expect(s.batches(epoch: 0) != s.batches(epoch: 1))
    }
}
