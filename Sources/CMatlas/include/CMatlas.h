// CMatlas: the one C target through which Matlas reaches its four Debian libraries
// (sqlite3, OpenBLAS's CBLAS, libpng16, utf8proc) plus zlib, which libpng-dev brings in
// (libpng-dev depends on zlib1g-dev) and which Corpus uses to stream gzip JSON Lines.
//
// Why one C target rather than four system-library targets: the libraries need tiny C helpers
// that Swift cannot express (SQLITE_TRANSIENT is a macro that casts -1 to a function pointer),
// and keeping them beside the includes gives one place to look. Each Swift module imports
// CMatlas but uses only its own library; DESIGN §2 still keeps those modules unaware of each other.
#ifndef CMATLAS_H
#define CMATLAS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include <cblas.h>
#include <png.h>
#include <utf8proc.h>
#include <zlib.h>

/// SQLITE_TRANSIENT as a value Swift can pass: sqlite copies the bound buffer immediately.
static inline sqlite3_destructor_type cmatlas_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// SQLITE_STATIC: sqlite may keep the pointer until the statement is reset (caller keeps it alive).
static inline sqlite3_destructor_type cmatlas_sqlite_static(void) { return SQLITE_STATIC; }

/// Sets the number of OpenBLAS threads (0 or less: leave OpenBLAS's default).
void cmatlas_blas_set_threads(int n);

/// The number of threads OpenBLAS will use.
int cmatlas_blas_get_threads(void);

/// `<a, b>` over `count` floats (AVX2/FMA clone chosen at load time where the CPU has it).
float cmatlas_dot_f32(const float *a, const float *b, size_t count);

/// Integer dot product of two int8 code vectors (exact).
int32_t cmatlas_dot_i8(const int8_t *a, const int8_t *b, size_t count);

/// Returns the heap's freed memory to the OS (glibc `malloc_trim(0)`; a no-op elsewhere).
/// Returns 1 when memory was released.
int cmatlas_trim_heap(void);

/// A cache prefetch hint for reading (`__builtin_prefetch`, no fault on any address).
static inline void cmatlas_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
