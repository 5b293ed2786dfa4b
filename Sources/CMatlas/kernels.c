#include "CMatlas.h"

// Dot products for the HNSW index, compiled twice where the platform allows it: once for the
// baseline x86-64 (SSE2) and once for x86-64-v3 (AVX2 + FMA); the dynamic loader picks the clone
// the CPU supports (an ifunc, resolved once). A portable `swift build -c release` thus gets
// 256-bit kernels without `-target-cpu native`, which would tie the binary to the build machine.
// The loops are written so clang vectorises them without reassociating anything: 16 independent
// float lanes (the same summation order in both clones up to FMA contraction), and an integer sum
// (associative, so any order is exact).
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define CMATLAS_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CMATLAS_CLONES
#endif

CMATLAS_CLONES
float cmatlas_dot_f32(const float *a, const float *b, size_t count) {
    float lanes[16] = {0};
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        for (int j = 0; j < 16; j++) lanes[j] += a[i + j] * b[i + j];
    }
    float total = 0;
    for (int j = 0; j < 16; j++) total += lanes[j];
    for (; i < count; i++) total += a[i] * b[i];
    return total;
}

CMATLAS_CLONES
int32_t cmatlas_dot_i8(const int8_t *a, const int8_t *b, size_t count) {
    int32_t total = 0;
    for (size_t i = 0; i < count; i++) total += (int32_t)a[i] * (int32_t)b[i];
    return total;
}
