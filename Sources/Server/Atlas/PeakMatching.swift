import Foundation

/// Explains an XRD match: which query peaks a hit's simulated pattern reproduces.
///
/// Both sides are compared in d-spacing (Bragg: d = λ / (2 sin θ)), so a query measured at any
/// wavelength compares with the Cu Kα simulation. A query peak counts when its intensity is at least
/// `minimumRelativeIntensity` of the query's strongest, and it is matched when a hit peak with at least
/// 1% of the hit's strongest lies within `tolerance` degrees 2θ of it (at the query's wavelength).
/// A sampled profile (`x`/`y`) is first reduced to its local maxima.
struct PeakMatcher: Sendable {
    var tolerance = 0.3
    var minimumRelativeIntensity = 0.05
    var maximumQueryPeaks = 40

    struct Peak { var twoTheta: Double; var intensity: Double }

    /// The peaks of a query: a peak list as given, or the local maxima of a profile.
    func queryPeaks(twoTheta: [Double], intensity: [Double], isProfile: Bool) -> [Peak] {
        var peaks: [Peak] = []
        if isProfile {
            let n = twoTheta.count
            for i in 0..<n {
                let left = i > 0 ? intensity[i - 1] : -Double.infinity
                let right = i + 1 < n ? intensity[i + 1] : -Double.infinity
                if intensity[i] > left, intensity[i] >= right { peaks.append(Peak(twoTheta: twoTheta[i], intensity: intensity[i])) }
            }
        } else {
            peaks = zip(twoTheta, intensity).map { Peak(twoTheta: $0, intensity: $1) }
        }
        let top = peaks.map(\.intensity).max() ?? 0
        guard top > 0 else { return [] }
        return Array(peaks.filter { $0.intensity >= minimumRelativeIntensity * top }
            .sorted { $0.intensity > $1.intensity }.prefix(maximumQueryPeaks))
    }

    /// `{"matched_peaks": n, "query_peaks": m, "matches": [[query 2θ, hit 2θ], …], "unmatched": [2θ, …]}`.
    func explain(query: [Peak], queryWavelength: Double, hitPeaks: [Peak], hitWavelength: Double) -> [String: JSONValue] {
        let hitTop = hitPeaks.map(\.intensity).max() ?? 0
        // Hit peaks moved to the query's wavelength through d.
        let moved: [Double] = hitPeaks.compactMap { p in
            guard p.intensity >= 0.01 * hitTop else { return nil }
            let d = hitWavelength / (2 * Foundation.sin(p.twoTheta * .pi / 360))
            let s = queryWavelength / (2 * d)
            guard s < 1 else { return nil }
            return 2 * Foundation.asin(s) * 180 / .pi
        }
        var matches: [JSONValue] = []
        var unmatched: [JSONValue] = []
        for q in query.sorted(by: { $0.twoTheta < $1.twoTheta }) {
            let nearest = moved.min { Swift.abs($0 - q.twoTheta) < Swift.abs($1 - q.twoTheta) }
            if let nearest, Swift.abs(nearest - q.twoTheta) <= tolerance {
                matches.append([.number(q.twoTheta), .number((nearest * 1000).rounded() / 1000)])
            } else {
                unmatched.append(.number(q.twoTheta))
            }
        }
        return ["matched_peaks": .number(Double(matches.count)), "query_peaks": .number(Double(query.count)),
                "peak_matches": .array(matches), "unmatched_peaks": .array(unmatched)]
    }

    /// The simulated peaks stored in a record's parsed `spectrum` modality payload, with their
    /// wavelength and 2θ range.
    static func storedPeaks(_ v: JSONValue) -> (peaks: [Peak], wavelength: Double, range: ClosedRange<Double>?)? {
        guard let list = v["peaks"]?.arrayValue else { return nil }
        let peaks = list.compactMap { p -> Peak? in
            guard let a = p.arrayValue, a.count == 2, let t = a[0].doubleValue, let i = a[1].doubleValue else { return nil }
            return Peak(twoTheta: t, intensity: i)
        }
        var range: ClosedRange<Double>?
        if let r = v["two_theta_range"]?.arrayValue, r.count == 2, let lo = r[0].doubleValue, let hi = r[1].doubleValue,
           lo.isFinite, hi.isFinite, lo < hi {
            range = lo...hi
        }
        return (peaks, v["wavelength"]?.doubleValue ?? 1.54184, range)
    }
}
