// The loops of the fused regularity normalizer (regularity.cpp): plain C++ over contiguous arrays, no
// ATen, so that regularity_kernels.inl can be compiled twice (generic x86-64 and AVX2+FMA) and chosen
// at run time. Every loop is written to auto-vectorize: no calls, no branches but selects.
#pragma once

#include <cstdint>

namespace nt::regularity {

// How elements are grouped for the log-sum-exp: one group of everything, one per column (feature),
// or one per row (sample). The data is viewed as [rows, cols], row-major.
enum class Layout : int32_t { All = 0, PerColumn = 1, PerRow = 2 };

struct Shape {
  int64_t rows;
  int64_t cols;
  Layout layout;
  int64_t groups() const { return layout == Layout::All ? 1 : layout == Layout::PerColumn ? cols : rows; }
  int64_t group_size() const { return layout == Layout::All ? rows * cols : layout == Layout::PerColumn ? rows : cols; }
};

template <class T>
struct Kernels {
  // Σ (x − shift) and Σ (x − shift)², in double.
  void (*moments)(const T* x, int64_t n, double shift, double* s1, double* s2);
  // Per group k: sums[k] = Σ exp(shift_half[k] − ½z²) and min_half_z2[k] = min ½z², z = (x − mu)·inv_sigma.
  // When `e` is not null it receives every exp(shift_half − ½z²), for the backward pass.
  void (*densities)(const T* x, Shape s, double mu, double inv_sigma, const double* shift_half, double* sums,
                    double* min_half_z2, T* e);
  // y = (mult[k] − log_prior) · x; log_prior may be null (zero), one value per row (row_prior) or one per
  // element.
  void (*scale)(const T* x, T* y, Shape s, const double* mult, const T* log_prior, bool row_prior);
  // Per group: G = Σ g·x, U = Σ π·d, V = Σ π·d², with π = e·inv_sums and d = x − mu.
  void (*backward_sums)(const T* x, const T* g, const T* e, Shape s, double mu, const double* inv_sums, double* G,
                        double* U, double* V);
  // dx = g·(mult[k] − log_prior) + kq[k]·π·d + c1·d + c0.
  void (*backward_assemble)(const T* x, const T* g, const T* e, T* dx, Shape s, double mu, const double* inv_sums,
                            const double* mult, const T* log_prior, bool row_prior, const double* kq, double c0,
                            double c1);
};

// The best implementation this processor runs (AVX2+FMA when available).
const Kernels<float>& kernels_float();
const Kernels<double>& kernels_double();

namespace generic {
extern const Kernels<float> float_kernels;
extern const Kernels<double> double_kernels;
}  // namespace generic
namespace avx2 {
extern const Kernels<float> float_kernels;
extern const Kernels<double> double_kernels;
}  // namespace avx2

}  // namespace nt::regularity
