import Learning

extension ModelBundle {
    /// The unit-norm vector of one input (`dimension` floats), computed without gradients.
    /// Safe to call concurrently.
    /// - Throws: `EncoderError` naming the bad field, or `.modalityUnavailable`.
    public func embed(_ input: ModalityInput) throws(EncoderError) -> [Float] {
        try embed(features: [featurizer.features(input)])[0]
    }

    /// Vectors of many inputs, in input order; inputs may mix modalities (each modality is run as
    /// one batch). Throws on the first bad input.
    public func embed(batch inputs: [ModalityInput]) throws(EncoderError) -> [[Float]] {
        var features: [ItemFeatures] = []
        features.reserveCapacity(inputs.count)
        for input in inputs { features.append(try featurizer.features(input)) }
        return try embed(features: features)
    }

    /// Vectors of featurised items, in order (mixed modalities allowed), without gradients.
    public func embed(features: [ItemFeatures]) throws(EncoderError) -> [[Float]] {
        guard !features.isEmpty else { return [] }
        var out = [[Float]](repeating: [], count: features.count)
        var byModality: [Modality: [Int]] = [:]
        for (i, f) in features.enumerated() { byModality[f.modality, default: []].append(i) }
        for modality in Modality.allCases {
            guard let indices = byModality[modality] else { continue }
            // `withGradientsDisabled` rethrows untyped; carry the typed error out in a Result.
            let result = Learning.withGradientsDisabled { () -> Result<Tensor, EncoderError> in
                Result { () throws(EncoderError) -> Tensor in try model.encode(indices.map { features[$0] }) }
            }
            let matrix = try result.get()
            let d = matrix.shape[1]
            let values = matrix.values
            for (row, i) in indices.enumerated() { out[i] = Array(values[(row * d)..<((row + 1) * d)]) }
        }
        return out
    }
}

extension ModelBundle {
    /// Like `embed(batch:)` but never throws: each input gets its vector or its own error, so one
    /// bad record does not stop an ingest. Valid inputs are still embedded in batches.
    public func embedEach(_ inputs: [ModalityInput]) -> [Result<[Float], EncoderError>] {
        var results = [Result<[Float], EncoderError>](repeating: .failure(.empty(field: "input")), count: inputs.count)
        var good: [(index: Int, features: ItemFeatures)] = []
        for (i, input) in inputs.enumerated() {
            do throws(EncoderError) {
                good.append((i, try featurizer.features(input)))
            } catch {
                results[i] = .failure(error)
            }
        }
        do throws(EncoderError) {
            let vectors = try embed(features: good.map(\.features))
            for (k, item) in good.enumerated() { results[item.index] = .success(vectors[k]) }
        } catch {
            for item in good { results[item.index] = .failure(error) }
        }
        return results
    }

    /// A material's fused vector (DESIGN §3): the normalised weighted mean of its modality vectors.
    /// - Parameters:
    ///   - vectors: unit vectors of equal length (at least one).
    ///   - weights: one non-negative weight per vector (default: equal).
    /// - Returns: a unit vector, or the first vector when the mean is (numerically) zero.
    public static func fuse(_ vectors: [[Float]], weights: [Float]? = nil) -> [Float] {
        precondition(!vectors.isEmpty, "fuse needs at least one vector")
        precondition(weights == nil || weights!.count == vectors.count, "one weight per vector")
        let d = vectors[0].count
        var sum = [Float](repeating: 0, count: d)
        for (k, v) in vectors.enumerated() {
            precondition(v.count == d, "vectors of different lengths")
            let w = weights?[k] ?? 1
            for j in 0..<d { sum[j] += w * v[j] }
        }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 1e-12 else { return vectors[0] }
        return sum.map { $0 / norm }
    }
}
