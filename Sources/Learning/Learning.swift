import CMatlas

/// Learning: Float32 tensors, reverse-mode autodiff, layers, optimisers and safetensors
/// checkpoints on OpenBLAS — the one engine Matlas's encoders train and infer with.
///
/// Where things live:
/// - `Tensor.swift`, `Tensor+Autograd.swift` — the tensor (shape + contiguous storage, cheap views
///   by sharing storage), the tape (each op records inputs + its backward rule; `backward()` walks a
///   topological order in reverse and accumulates gradients) and the no-grad mode
///   (`Learning.withGradientsDisabled`) in which ops record nothing.
/// - `Ops+*.swift` — the differentiable ops, each with its backward next to its forward:
///   broadcasting arithmetic, unary maths and activations, reductions, matmul (batched, BLAS),
///   shape ops (reshape/permute/concat/split), indexing (gather, index-select, embedding,
///   scatter-add, segment sum/mean/max), normalisation (layer norm, softmax, cross-entropy),
///   convolution (im2col + sgemm), pooling, dropout and attention.
/// - `Module.swift`, `Layer+*.swift` — `Module` (parameters by dotted name) and the layers:
///   Linear, MLP, LayerNorm, Embedding, Conv1d, Conv2d, TransformerEncoderLayer.
/// - `Optimizer.swift`, `LearningRateSchedule.swift` — SGD with momentum, AdamW, gradient
///   clipping, warm-up + cosine.
/// - `SeededGenerator.swift` — the seeded generator behind initialisation, dropout and data order
///   (a run is reproducible bit for bit on one machine with one thread count).
/// - `Safetensors.swift` — checkpoints readable by the Python `safetensors` package.
/// - `Kernels.swift`, `FastMath.swift`, `Parallel.swift`, `Broadcast.swift`, `BufferPool.swift` —
///   CBLAS wrappers, vectorisable exp/sigmoid/softplus, our own elementwise threads, NumPy
///   broadcasting, and recycling of large buffers so a training loop does not page-fault each step.
///
/// Inference: wrap it in `Learning.withGradientsDisabled { … }` — ops then save nothing and build no
/// graph (an MLP 256→512→512→256 embeds one query in about 27 µs). Training: build the loss, call
/// `loss.backward()`, `optimizer.step()`, `optimizer.zeroGrad()`; intermediate gradients are freed
/// during the backward walk, as in PyTorch.
///
/// Speed (`matlas bench learning`, release, 1 thread, PyTorch 2.13 CPU in the same run; a shared
/// 2-core machine, so indicative): the MLP and 1-D CNN training steps run faster than PyTorch and
/// the 3-layer message-passing step at about its speed — see the report of issue 5 for figures.
///
/// Conventions: row-major; images are `[N, C, H, W]`, signals `[N, C, L]`; a linear layer's weight
/// is `[out, in]` as in PyTorch, so checkpoints map one to one.
public enum Learning {
    /// Sets the threads for matrix products (OpenBLAS's pool) and for large elementwise kernels
    /// (our own, through Dispatch). Call it once at start-up, before any tensor work.
    /// - Parameters:
    ///   - n: OpenBLAS threads (0 or less leaves its default).
    ///   - elementwise: threads for elementwise kernels (default: the same as `n`, at least 1).
    public static func setThreadCount(_ n: Int, elementwise: Int? = nil) {
        cmatlas_blas_set_threads(Int32(n))
        Parallel.threads = Swift.max(1, elementwise ?? n)
    }

    /// The number of threads OpenBLAS uses.
    public static var threadCount: Int { Int(cmatlas_blas_get_threads()) }

    /// The number of threads large elementwise kernels use.
    public static var elementwiseThreadCount: Int { Parallel.threads }
}
