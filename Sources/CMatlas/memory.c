#include "CMatlas.h"

#if defined(__GLIBC__)
#include <malloc.h>
int cmatlas_trim_heap(void) { return malloc_trim(0); }
#else
int cmatlas_trim_heap(void) { return 0; }
#endif
