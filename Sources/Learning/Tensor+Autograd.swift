/// Gradient recording: the no-grad mode, how ops attach their backward rules, and the reverse walk.
enum GradientMode {
    /// Whether ops record the tape in the current task (and thread of a synchronous caller).
    @TaskLocal static var isEnabled = true
}

extension Learning {
    /// Runs `body` with gradient recording off: ops build no graph and save nothing for backward,
    /// which is what inference wants.
    public static func withGradientsDisabled<R>(_ body: () throws -> R) rethrows -> R {
        try GradientMode.$isEnabled.withValue(false) { try body() }
    }

    /// Whether ops currently record the tape.
    public static var isGradientEnabled: Bool { GradientMode.isEnabled }
}

extension Tensor {
    /// Whether an op over `inputs` must record itself.
    @inline(__always) static func recording(_ inputs: [Tensor]) -> Bool {
        for t in inputs where t.requiresGrad { return GradientMode.isEnabled }
        return false
    }

    /// Finishes an op: when recording, `out` remembers `inputs` and `rule`, and requires a gradient.
    ///
    /// `rule` receives `out` (whose `gradStorage` is set) and must add into the inputs' gradients,
    /// touching only those inputs with `requiresGrad`.
    @discardableResult
    static func record(_ out: Tensor, inputs: [Tensor], rule: @escaping (Tensor) -> Void) -> Tensor {
        if recording(inputs) {
            out.parents = inputs
            out.backwardRule = rule
            out.requiresGrad = true
        }
        return out
    }

    /// Back-propagates from this scalar: seeds d(self)/d(self) = 1 and accumulates gradients into
    /// every leaf tensor that requires one (parameters and inputs). As in PyTorch, intermediate
    /// results do not keep their gradients, and the graph is released as it is walked (saved
    /// tensors are freed), so call `backward` once per forward pass.
    public func backward() {
        precondition(count == 1, "backward() needs a scalar; got shape \(shape); use backward(seed:)")
        backward(seed: [1])
    }

    /// Back-propagates with an explicit upstream gradient `seed` (same element count as self).
    public func backward(seed: [Float]) {
        precondition(seed.count == count, "seed of \(seed.count) for \(count) elements")
        let g = gradPointer()
        for i in 0..<count { g[i] += seed[i] }
        for node in topologicalOrder().reversed() {
            guard let rule = node.backwardRule, node.gradStorage != nil else { continue }
            rule(node)
            node.backwardRule = nil
            node.parents = []
            node.gradStorage = nil  // an intermediate: its gradient has been passed on
        }
    }

    /// Nodes reachable from self through recorded parents, each after all of its inputs.
    /// Iterative depth-first search, so deep graphs do not overflow the stack.
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            if next < node.parents.count {
                stack.append((node, next + 1))
                let p = node.parents[next]
                if p.requiresGrad, visited.insert(ObjectIdentifier(p)).inserted {
                    stack.append((p, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }
}
