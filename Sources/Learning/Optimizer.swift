import Foundation

/// Updates parameters from their accumulated gradients.
public protocol Optimizer: AnyObject {
    /// The step size used by the next `step()` (set it from a schedule each step).
    var learningRate: Float { get set }
    /// The parameters being optimised.
    var parameters: [Tensor] { get }
    /// Applies one update; parameters without a gradient are left alone.
    func step()
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// Stochastic gradient descent with momentum and (coupled, L2) weight decay, as `torch.optim.SGD`.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    public let nesterov: Bool
    private var velocity: [TensorStorage?]

    public init(parameters: [Tensor], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0,
                nesterov: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        velocity = Array(repeating: nil, count: parameters.count)
    }

    public func step() {
        for (i, p) in parameters.enumerated() {
            guard let grad = p.gradStorage else { continue }
            let w = p.data, g = grad.pointer, n = p.count
            let lr = learningRate, mu = momentum, wd = weightDecay
            if mu == 0 {
                for j in 0..<n { w[j] -= lr * (g[j] + wd * w[j]) }
                continue
            }
            let fresh = velocity[i] == nil
            let buffer = velocity[i] ?? TensorStorage(count: n)
            velocity[i] = buffer
            let v = buffer.pointer
            for j in 0..<n {
                let d = g[j] + wd * w[j]
                v[j] = fresh ? d : mu * v[j] + d
                w[j] -= lr * (nesterov ? d + mu * v[j] : v[j])
            }
        }
    }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter), as `torch.optim.AdamW`.
public final class AdamW: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let beta1: Float, beta2: Float, eps: Float
    public let weightDecay: Float
    private let decays: [Bool]
    /// First and second moment estimates per parameter.
    let m: [TensorStorage], v: [TensorStorage]
    /// Steps taken so far (the bias corrections use it).
    public internal(set) var stepCount = 0

    /// - Parameter excludedFromDecay: parameters that get no weight decay (biases, norms, temperatures).
    public init(parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0.01, excludedFromDecay: [Tensor] = []) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        let excluded = Set(excludedFromDecay.map(ObjectIdentifier.init))
        decays = parameters.map { !excluded.contains(ObjectIdentifier($0)) }
        m = parameters.map { TensorStorage(count: $0.count) }
        v = parameters.map { TensorStorage(count: $0.count) }
    }

    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        let correction1 = Float(1 - Foundation.pow(Double(beta1), t))
        let correction2 = Float(1 - Foundation.pow(Double(beta2), t))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let b1 = beta1, b2 = beta2, e = eps
        for (i, p) in parameters.enumerated() {
            guard let grad = p.gradStorage else { continue }
            let w = p.data, g = grad.pointer, mi = m[i].pointer, vi = v[i].pointer
            let shrink = decays[i] ? 1 - learningRate * weightDecay : 1
            for j in 0..<p.count {
                let gj = g[j]
                mi[j] = b1 * mi[j] + (1 - b1) * gj
                vi[j] = b2 * vi[j] + (1 - b2) * gj * gj
                w[j] = w[j] * shrink - stepSize * mi[j] / (vi[j].squareRoot() / rootCorrection2 + e)
            }
        }
    }
}

extension AdamW {
    /// The optimiser state for resuming training, as tensors (save them with `Safetensors`):
    /// `exp_avg.<i>` and `exp_avg_sq.<i>` for parameter i (in `parameters` order), and `step`.
    public var stateDict: [String: Tensor] {
        var state = ["step": Tensor(scalar: Float(stepCount))]
        for (i, p) in parameters.enumerated() {
            let first = Tensor(shape: p.shape), second = Tensor(shape: p.shape)
            first.data.update(from: m[i].pointer, count: p.count)
            second.data.update(from: v[i].pointer, count: p.count)
            state["exp_avg.\(i)"] = first
            state["exp_avg_sq.\(i)"] = second
        }
        return state
    }

    /// Restores state saved from an AdamW over parameters of the same shapes.
    /// - Throws: `StateDictError` (nothing is modified when it throws).
    public func load(stateDict state: [String: Tensor]) throws {
        guard let step = state["step"], step.count == 1 else { throw StateDictError.missingParameter(name: "step") }
        for (i, p) in parameters.enumerated() {
            for name in ["exp_avg.\(i)", "exp_avg_sq.\(i)"] {
                guard let t = state[name] else { throw StateDictError.missingParameter(name: name) }
                guard t.shape == p.shape else {
                    throw StateDictError.shapeMismatch(name: name, expected: p.shape, found: t.shape)
                }
            }
        }
        for (i, p) in parameters.enumerated() {
            if let first = state["exp_avg.\(i)"], let second = state["exp_avg_sq.\(i)"] {
                m[i].pointer.update(from: first.data, count: p.count)
                v[i].pointer.update(from: second.data, count: p.count)
            }
        }
        stepCount = Int(step.scalarValue)
    }
}

extension Learning {
    /// Scales all gradients so that their joint L2 norm is at most `maxNorm`
    /// (as `torch.nn.utils.clip_grad_norm_`).
    /// - Returns: the norm before clipping.
    @discardableResult
    public static func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
        var total = 0.0
        for p in parameters {
            guard let g = p.gradStorage?.pointer else { continue }
            for j in 0..<p.count { total += Double(g[j]) * Double(g[j]) }
        }
        let norm = Float(total.squareRoot())
        let scale = maxNorm / (norm + 1e-6)
        if scale < 1 {
            for p in parameters {
                if let g = p.gradStorage?.pointer { Kernels.scale(g, count: p.count, by: scale) }
            }
        }
        return norm
    }
}
