/// A layer or model: something that owns parameters, each under a stable dotted name
/// (`"layers.0.weight"`) that checkpoints use as the key.
public protocol Module: AnyObject {
    /// Every parameter of this module and its submodules, in a fixed order, with dotted names.
    var namedParameters: [(name: String, tensor: Tensor)] { get }
}

/// Why a checkpoint does not fit a module.
public enum StateDictError: Error, Equatable, CustomStringConvertible {
    /// The module has a parameter the checkpoint lacks.
    case missingParameter(name: String)
    /// The checkpoint has a tensor the module does not (only in strict loading).
    case unexpectedParameter(name: String)
    /// Same name, different shape.
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingParameter(let name): "checkpoint lacks parameter '\(name)'"
        case .unexpectedParameter(let name): "checkpoint has unexpected tensor '\(name)'"
        case .shapeMismatch(let name, let expected, let found):
            "parameter '\(name)': module expects shape \(expected), checkpoint has \(found)"
        }
    }
}

extension Module {
    /// The parameters, in `namedParameters` order (what an optimiser steps).
    public var parameters: [Tensor] { namedParameters.map(\.tensor) }

    /// Total number of scalar parameters.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.tensor.count } }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// The parameters by name (the tensors themselves, not copies).
    public var stateDict: [String: Tensor] {
        Dictionary(namedParameters.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
    }

    /// Copies values from `state` into this module's parameters, in place.
    /// - Parameter strict: also reject tensors in `state` that the module does not have.
    /// - Throws: `StateDictError` (nothing is modified when it throws).
    public func load(stateDict state: [String: Tensor], strict: Bool = true) throws {
        let named = namedParameters
        for (name, p) in named {
            guard let t = state[name] else { throw StateDictError.missingParameter(name: name) }
            guard t.shape == p.shape else {
                throw StateDictError.shapeMismatch(name: name, expected: p.shape, found: t.shape)
            }
        }
        if strict {
            let known = Set(named.map(\.name))
            if let extra = state.keys.sorted().first(where: { !known.contains($0) }) {
                throw StateDictError.unexpectedParameter(name: extra)
            }
        }
        for (name, p) in named {
            if let t = state[name] { p.data.update(from: t.data, count: p.count) }
        }
    }
}

extension Module {
    /// This module's parameters named `prefix.<name>`: how a container lists a submodule's
    /// parameters inside its own `namedParameters`.
    public func namedParameters(prefix: String) -> [(name: String, tensor: Tensor)] {
        namedParameters.map { ("\(prefix).\($0.name)", $0.tensor) }
    }
}

/// Prefixes a submodule's parameter names with `prefix.`.
func prefixed(_ prefix: String, _ module: some Module) -> [(name: String, tensor: Tensor)] {
    module.namedParameters(prefix: prefix)
}

/// A pointwise nonlinearity chosen by configuration.
public enum Activation: String, Sendable, CaseIterable, Codable {
    case identity, relu, gelu, silu, tanh, sigmoid, softplus

    /// Applies the activation.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: x
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .silu: x.silu()
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        case .softplus: x.softplus()
        }
    }
}
