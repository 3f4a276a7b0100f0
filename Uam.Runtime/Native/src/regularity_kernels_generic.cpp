// The regularity loops for any x86-64 processor.
#define NT_KERNEL_NAMESPACE generic
#include "regularity_kernels.inl"
