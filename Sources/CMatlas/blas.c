#include "CMatlas.h"

// OpenBLAS exports these; cblas.h declares them on Debian, but older headers may not.
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);

void cmatlas_blas_set_threads(int n) {
    if (n > 0) openblas_set_num_threads(n);
}

int cmatlas_blas_get_threads(void) { return openblas_get_num_threads(); }
