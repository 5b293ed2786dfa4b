import Chemistry
import Encoders
import Foundation
import Imaging
import Learning

extension Evaluator {
    /// Per-task model outcomes (with scores) kept for calibration and OOD.
    public struct TaskRun {
        public var task: EvaluationTask
        public var outcomes: [QueryOutcome]
        /// For each query, the best score over gallery items that are NOT its material (a novel material's top score).
        public var novelTopScores: [Double]
        /// The model's own scores where what is served re-ranks them but a query can also be
        /// served without the re-rank (a micrograph without pixel size): calibrated separately.
        public var modelOnly: (outcomes: [QueryOutcome], novelTopScores: [Double])?
    }

    /// Calibration key and report name of a task's model-only variant.
    static func modelOnlyKey(_ task: EvaluationTask) -> String { task.key + "_model" }
    static func modelOnlyName(_ task: EvaluationTask) -> String { task.rawValue + " (model only: no pixel size)" }

    /// Runs every task for the model and its baselines.
    /// - Parameters:
    ///   - calibration: when given (test split), reports its ECE and OOD flags; when nil, a
    ///     calibration is fitted on this split and returned.
    public func run(calibration given: Calibration?, log: (String) -> Void) throws -> (EvaluationReport, Calibration) {
        let start = Date()
        var report = EvaluationReport(model: bundle.config.name, split: dataset.split.rawValue,
                                      galleryMaterials: materials.count, skippedMaterials: dataset.skipped.count)
        let crystals = try crystalGallery()
        let references = Baselines.references(materials, featurizer: bundle.featurizer)
        let catalog = materials.map(Baselines.catalogText)
        let formulas = materials.map { $0.composition?.reducedFormula ?? $0.reducedFormula }
        let zones = tasks?.contains(.micrograph) ?? true ? galleryZones() : []
        var runs: [TaskRun] = []
        for task in tasks ?? EvaluationTask.allCases {
            let q = queries(task)
            guard !q.materials.isEmpty else { log("\(task.rawValue): no queries"); continue }
            let vectors = try embed(q.inputs)
            var galleryMaterials = Array(materials.indices)
            let scores: [Float]
            if task == .crystalToText {
                let texts = try textGallery()
                galleryMaterials = texts.materials
                scores = Ranking.cosine(vectors, texts.vectors)
            } else {
                scores = Ranking.cosine(vectors, crystals)
            }
            let n = galleryMaterials.count
            let rel = { (qi: Int, gi: Int) in isRelevant(task, query: q.materials[qi], gallery: galleryMaterials[gi]) }
            let outcomes = Ranking.outcomes(scores: scores, queries: q.materials.count, gallery: n, relevant: rel)
            let m = RetrievalMetrics(ranks: outcomes.map(\.rank))
            report.rows.append(.init(task: task.rawValue, method: "matlas", metrics: m))
            log(String(format: "%@: matlas R@1 %.3f R@10 %.3f MRR %.3f (%d queries)", task.rawValue, m.recallAt1, m.recallAt10,
                       m.meanReciprocalRank, m.queries))
            // What `search` serves: for XRD the model's nearest re-ranked by the pattern, whose
            // scores (cosine + weight × pattern score) the calibration and the OOD flag then read.
            var served = scores, servedOutcomes = outcomes
            var servedMethod: String?
            if !q.spectra.isEmpty {
                served = rerank(scores, queries: q.spectra, references: references)
                servedMethod = rerankMethod
            } else if !q.profiles.isEmpty {
                served = latticeRerank(scores, queries: q.profiles, zones: zones)
                servedMethod = latticeMethod
            }
            if let servedMethod {
                servedOutcomes = Ranking.outcomes(scores: served, queries: q.materials.count, gallery: n, relevant: rel)
                let rm = RetrievalMetrics(ranks: servedOutcomes.map(\.rank))
                report.rows.append(.init(task: task.rawValue, method: servedMethod, metrics: rm))
                log(String(format: "%@: %@ R@1 %.3f R@10 %.3f MRR %.3f", task.rawValue, servedMethod, rm.recallAt1,
                           rm.recallAt10, rm.meanReciprocalRank))
            }
            func novelTops(_ s: [Float]) -> [Double] {
                (0..<q.materials.count).map { qi in
                    var best = -Double.infinity
                    for gi in 0..<n where !rel(qi, gi) { best = Swift.max(best, Double(s[qi * n + gi])) }
                    return best
                }
            }
            runs.append(TaskRun(task: task, outcomes: servedOutcomes, novelTopScores: novelTops(served),
                                modelOnly: task == .micrograph ? (outcomes, novelTops(scores)) : nil))
            // Baselines.
            var baselines: [(String, [Float])] = [("random", Baselines.random(queries: q.materials.count, gallery: n, seed: seed))]
            switch task {
            case .xrdFull, .xrdWindow, .xrdPerturbed, .xrdMo:
                baselines.append(("search-match (broadened-pattern cosine)", Baselines.searchMatch(queries: q.spectra, references: references)))
            case .composition:
                baselines.append(("exact reduced formula", Baselines.exactFormula(queryFormulas: q.materials.map { formulas[$0] },
                                                                                  galleryFormulas: formulas)))
            case .description, .title:
                baselines.append(("TF-IDF vs catalog text (name, formula, space group)",
                                  Baselines.tfidf(queries: q.texts, documents: catalog)))
            case .crystalToText:
                baselines.append(("TF-IDF catalog text vs descriptions",
                                  Baselines.tfidf(queries: q.materials.map { catalog[$0] },
                                                  documents: galleryMaterials.compactMap { materials[$0].description })))
            default: break
            }
            for (name, s) in baselines {
                let o = Ranking.outcomes(scores: s, queries: q.materials.count, gallery: n, relevant: rel)
                let bm = RetrievalMetrics(ranks: o.map(\.rank))
                report.rows.append(.init(task: task.rawValue, method: name, metrics: bm))
                log(String(format: "%@: %@ R@1 %.3f R@10 %.3f", task.rawValue, name, bm.recallAt1, bm.recallAt10))
            }
        }
        // Calibration: fit on this split (validation) or apply the given one (test).
        var calibration = given ?? Calibration()
        if given == nil {
            for r in runs {
                calibration.tasks[r.task.key] = Calibration.fit(r.outcomes)
                if let m = r.modelOnly { calibration.tasks[Self.modelOnlyKey(r.task)] = Calibration.fit(m.outcomes) }
            }
            report.calibrationNote = "fitted and measured on this split (in-sample)"
        } else {
            report.calibrationNote = "fitted on validation, measured on \(dataset.split.rawValue)"
        }
        let (synthetic, syntheticModelOnly) = try syntheticTopScores(references: references, zones: zones)
        var variants: [(name: String, key: String, task: EvaluationTask, outcomes: [QueryOutcome], novel: [Double], synthetic: [Double]?)] = []
        for r in runs {
            variants.append((r.task.rawValue, r.task.key, r.task, r.outcomes, r.novelTopScores, synthetic[r.task]))
            if let m = r.modelOnly {
                variants.append((Self.modelOnlyName(r.task), Self.modelOnlyKey(r.task), r.task, m.outcomes, m.novelTopScores,
                                 synthetic[r.task].map { _ in syntheticModelOnly[r.task] ?? [] }))
            }
        }
        for r in variants {
            guard let entry = calibration.tasks[r.key] else { continue }
            let p = r.outcomes.map { entry.probability(score: $0.topScore, margin: $0.margin) }
            let correct = r.outcomes.map(\.topIsRelevant)
            report.calibration.append(.init(
                task: r.name, queries: p.count,
                expectedCalibrationError: Calibration.expectedCalibrationError(probabilities: p, correct: correct),
                accuracy: Double(correct.filter { $0 }.count) / Double(Swift.max(1, correct.count)),
                meanProbability: p.reduce(0, +) / Double(Swift.max(1, p.count))))
            func rate(_ xs: [Double]) -> Double {
                Double(xs.filter { $0 < entry.oodThreshold }.count) / Double(Swift.max(1, xs.count))
            }
            report.ood.append(.init(task: r.name, inCorpusFlagRate: rate(r.outcomes.map(\.topScore)),
                                    novelMaterialFlagRate: rate(r.novel),
                                    syntheticFlagRate: r.synthetic.map(rate)))
        }
        report.targets = targets(report)
        report.seconds = Date().timeIntervalSince(start)
        return (report, calibration)
    }

    /// `patternMatch` with its candidates scaled to this gallery (`servedCorpusSize`).
    var galleryPatternMatch: PatternMatch {
        var m = patternMatch
        m.candidates = scaledToGallery(m.candidates)
        m.windowCandidates = scaledToGallery(m.windowCandidates)
        return m
    }

    /// A served candidate count as the same share of this gallery (unchanged when the gallery is
    /// not smaller than the served corpus).
    func scaledToGallery(_ count: Int) -> Int {
        guard let served = servedCorpusSize, served > materials.count else { return count }
        return Swift.max(1, Int((Double(count) * Double(materials.count) / Double(served)).rounded(.up)))
    }

    /// The method name of the re-ranked XRD rows.
    var rerankMethod: String {
        let m = galleryPatternMatch
        let scaled = m.candidates == patternMatch.candidates ? ""
            : " = served \(patternMatch.candidates)/\(patternMatch.windowCandidates) of \(servedCorpusSize ?? 0)"
        return "matlas + pattern re-rank (top \(m.candidates), windows \(m.windowCandidates)\(scaled), ±\(m.tolerance) pt, w \(String(format: "%g", m.weight)))"
    }

    /// `scores` (queries × gallery, the model's cosines) re-ranked per query by `patternMatch`
    /// against each gallery material's clean reference pattern.
    func rerank(_ scores: [Float], queries: [SpectrumFeatures], references: [SpectrumFeatures?]) -> [Float] {
        let n = references.count
        let prepared = references.map { $0?.intensity }
        let match = galleryPatternMatch
        var out = scores
        for (qi, q) in queries.enumerated() {
            var row = Array(out[(qi * n)..<((qi + 1) * n)])
            match.rerank(&row, query: q) { prepared[$0] }
            out.replaceSubrange((qi * n)..<((qi + 1) * n), with: row)
        }
        return out
    }

    /// `latticeMatch` with its candidates scaled to this gallery (`servedCorpusSize`).
    var galleryLatticeMatch: LatticeMatch {
        var m = latticeMatch
        m.candidates = scaledToGallery(m.candidates)
        return m
    }

    /// The method name of the re-ranked micrograph row.
    var latticeMethod: String {
        let m = galleryLatticeMatch
        let scaled = m.candidates == latticeMatch.candidates ? "" : " = served \(latticeMatch.candidates) of \(servedCorpusSize ?? 0)"
        return "matlas + lattice re-rank (top \(m.candidates)\(scaled), w \(String(format: "%g", m.weight)))"
    }

    /// Each gallery crystal's zone-axis reflections, for `latticeMatch` (computed once per run).
    func galleryZones() -> [[LatticeMatch.Zone]] {
        let match = latticeMatch
        let crystals = materials.map(\.crystal)
        return Learning.parallelMap(crystals.count) { match.zones(crystals[$0]) }
    }

    /// `scores` (queries × gallery) re-ranked per query by `galleryLatticeMatch` against each
    /// gallery crystal's zones; a query without a profile keeps the model's order.
    func latticeRerank(_ scores: [Float], queries: [LatticeMatch.Profile?], zones: [[LatticeMatch.Zone]]) -> [Float] {
        let n = zones.count
        let match = galleryLatticeMatch
        return Learning.parallelMap(queries.count) { qi in
            var row = Array(scores[(qi * n)..<((qi + 1) * n)])
            if let profile = queries[qi] { match.rerank(&row, query: profile) { zones[$0] } }
            return row
        }.flatMap { $0 }
    }

    /// Top-1 scores of synthetic nonsense queries against the crystal gallery, per task.
    /// XRD queries are scored as served: re-ranked against `references` by `patternMatch`.
    /// Micrographs: noise images at the query pixel size, scored as served (lattice re-rank) and by
    /// the model alone (the second result).
    func syntheticTopScores(count: Int = 100, references: [SpectrumFeatures?], zones: [[LatticeMatch.Zone]]) throws
        -> ([EvaluationTask: [Double]], [EvaluationTask: [Double]]) {
        let f = bundle.featurizer
        let g = SeededGenerator(seed: seed &+ 99)
        let crystals = try crystalGallery()
        var out: [EvaluationTask: [Double]] = [:]
        func top(_ items: [ItemFeatures], patterns: [SpectrumFeatures] = [], profiles: [LatticeMatch.Profile?] = []) throws -> [Double] {
            guard !items.isEmpty else { return [] }
            let v = try embed(items)
            var s = Ranking.cosine(v, crystals)
            if !patterns.isEmpty { s = rerank(s, queries: patterns, references: references) }
            if !profiles.isEmpty { s = latticeRerank(s, queries: profiles, zones: zones) }
            let n = crystals.count
            return (0..<items.count).map { i in Double(s[(i * n)..<((i + 1) * n)].max() ?? 0) }
        }
        // Random compositions: 2–4 random elements (Z 1…83) with random amounts.
        var comps: [ItemFeatures] = []
        for _ in 0..<count {
            var amounts: [Element: Double] = [:]
            for _ in 0..<(2 + g.index(below: 3)) {
                if let e = Element(atomicNumber: 1 + g.index(below: 83)) { amounts[e] = 1 + Double(g.index(below: 6)) }
            }
            if let c = try? f.composition(Composition(amounts)) { comps.append(.composition(c)) }
        }
        out[.composition] = try top(comps)
        // Random peak lists: 12 peaks at random 2θ in 5…90 with random intensities.
        var spectra: [SpectrumFeatures] = []
        for _ in 0..<count {
            let peaks = (0..<12).map { _ in (5 + 85 * g.uniformDouble(), 5 + 95 * g.uniformDouble()) }
            if let s = try? f.spectrum(.peaks(peaks, twoThetaRange: 5...90)) { spectra.append(s) }
        }
        let xrd = try top(spectra.map { .spectrum($0) }, patterns: spectra)
        for t in [EvaluationTask.xrdFull, .xrdWindow, .xrdPerturbed, .xrdMo] { out[t] = xrd }
        // Noise images of the query's size and pixel size.
        var images: [ItemFeatures] = [], profiles: [LatticeMatch.Profile?] = []
        var modelOnly: [EvaluationTask: [Double]] = [:]
        if tasks?.contains(.micrograph) ?? true {
            let side = micrographSide
            for _ in 0..<count {
                let image = Image(width: side, height: side, gray: (0..<(side * side)).map { _ in Float(g.uniformDouble()) })
                if let m = try? f.micrograph(image, pixelSize: micrographPixelSize) {
                    images.append(.micrograph(m))
                    profiles.append(latticeMatch.profile(image, pixelSize: micrographPixelSize))
                }
            }
            out[.micrograph] = try top(images, profiles: profiles)
            modelOnly[.micrograph] = try top(images)
        }
        // Character-shuffled descriptions.
        var texts: [ItemFeatures] = []
        for m in materials.prefix(count * 3) where texts.count < count {
            guard let d = m.description else { continue }
            var chars = Array(d.prefix(300))
            g.shuffle(&chars)
            if let t = try? f.text(String(chars)) { texts.append(.text(t)) }
        }
        out[.description] = try top(texts)
        out[.title] = out[.description]
        return (out, modelOnly)
    }

    /// The issue's targets on this split's model rows.
    func targets(_ r: EvaluationReport) -> [EvaluationReport.Target] {
        var t: [EvaluationReport.Target] = []
        func add(_ name: String, _ goal: String, _ v: Double?, _ threshold: Double) {
            guard let v else { return }
            t.append(.init(name: name, goal: goal, value: v, threshold: threshold, met: v >= threshold))
        }
        add("full XRD → crystal R@1", "≥ 0.90", r.metrics(.xrdFull, method: "matlas")?.recallAt1, 0.90)
        add("20° window → crystal R@10", "≥ 0.80", r.metrics(.xrdWindow, method: "matlas")?.recallAt10, 0.80)
        // The same two goals for what `search` serves (the model's nearest re-ranked by pattern).
        add("full XRD → crystal R@1, served (+ pattern re-rank)", "≥ 0.90", r.metrics(.xrdFull, method: rerankMethod)?.recallAt1, 0.90)
        add("20° window → crystal R@10, served (+ pattern re-rank)", "≥ 0.80", r.metrics(.xrdWindow, method: rerankMethod)?.recallAt10, 0.80)
        add("composition → crystal R@5", "≥ 0.90", r.metrics(.composition, method: "matlas")?.recallAt5, 0.90)
        add("robocrys text → crystal R@10", "≥ 0.80", r.metrics(.description, method: "matlas")?.recallAt10, 0.80)
        if let tf = r.rows.first(where: { $0.task == EvaluationTask.title.rawValue && $0.method.hasPrefix("TF-IDF") }) {
            add("title → crystal MRR above TF-IDF", "> \(String(format: "%.3f", tf.metrics.meanReciprocalRank))",
                r.metrics(.title, method: "matlas")?.meanReciprocalRank, tf.metrics.meanReciprocalRank + 1e-9)
        }
        add("micrograph → crystal R@10", "≥ 0.50", r.metrics(.micrograph, method: "matlas")?.recallAt10, 0.50)
        add("micrograph → crystal R@10, served (+ lattice re-rank, pixel size given)", "≥ 0.50",
            r.metrics(.micrograph, method: latticeMethod)?.recallAt10, 0.50)
        // Every learned row above each of its baselines (MRR).
        for task in EvaluationTask.allCases {
            guard let mine = r.metrics(task, method: "matlas") else { continue }
            for row in r.rows where row.task == task.rawValue && !row.method.hasPrefix("matlas") {
                add("\(task.rawValue): above \(row.method) (MRR)", "> \(String(format: "%.3f", row.metrics.meanReciprocalRank))",
                    mine.meanReciprocalRank, row.metrics.meanReciprocalRank + 1e-9)
            }
        }
        return t
    }
}
