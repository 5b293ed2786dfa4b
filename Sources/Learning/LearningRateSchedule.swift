import Foundation

/// Linear warm-up to `peak` over `warmupSteps`, then a half cosine down to `floor` at `totalSteps`
/// (constant `floor` after).
public struct WarmupCosineSchedule: Sendable, Equatable {
    public var peak: Float
    public var floor: Float
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peak: Float, floor: Float = 0, warmupSteps: Int, totalSteps: Int) {
        precondition(warmupSteps >= 0 && totalSteps >= warmupSteps, "warm-up \(warmupSteps) > total \(totalSteps)")
        self.peak = peak
        self.floor = floor
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// The learning rate for the 0-based `step`.
    public func learningRate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let span = totalSteps - warmupSteps
        guard span > 0 else { return floor }
        let progress = Swift.min(1, Double(step - warmupSteps) / Double(span))
        return floor + (peak - floor) * Float(0.5 * (1 + Foundation.cos(Double.pi * progress)))
    }
}
