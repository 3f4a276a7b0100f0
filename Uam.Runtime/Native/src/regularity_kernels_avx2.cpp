// The regularity loops for processors with AVX2 and FMA (this unit is compiled with -mavx2 -mfma and
// only called after a run-time check).
#define NT_KERNEL_NAMESPACE avx2
#include "regularity_kernels.inl"
