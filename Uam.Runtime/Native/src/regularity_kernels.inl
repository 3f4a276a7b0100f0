// Included by regularity_kernels_generic.cpp and regularity_kernels_avx2.cpp with NT_KERNEL_NAMESPACE
// set; the AVX2 unit is compiled with -mavx2 -mfma. Only the float path is performance-critical; the
// double path (tests, gradient checks) uses std::exp.
#include "regularity_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace nt::regularity::NT_KERNEL_NAMESPACE {
namespace {

// exp(x) for x ≤ 0 in float, to about 2 ulp: 2^(x·log2 e) split into an integer power (built in the
// exponent bits) and a degree-6 polynomial on [−½, ½]. Written so that GCC vectorizes it (a libm call
// would not be); x below −87 returns exp(−87) ≈ 1.6e−38, a negligible floor for the sums it feeds.
inline float exp_nonpositive(float x) {
  x = x > -87.0f ? x : -87.0f;
  const float t = x * 1.44269504088896341f;
  const float r = (t + 12582912.0f) - 12582912.0f;  // round to nearest (1.5·2^23 trick)
  const float f = t - r;
  float p = 1.535336188319500e-4f;
  p = p * f + 1.339887440266574e-3f;
  p = p * f + 9.618437357674640e-3f;
  p = p * f + 5.550332471162809e-2f;
  p = p * f + 2.402264791363012e-1f;
  p = p * f + 6.931472028550421e-1f;
  p = p * f + 1.0f;
  const int32_t bits = (static_cast<int32_t>(r) + 127) << 23;
  return p * __builtin_bit_cast(float, bits);
}

inline double exp_nonpositive(double x) { return std::exp(x); }

template <class T>
void moments(const T* x, int64_t n, double shift, double* s1, double* s2) {
  double a = 0, b = 0;
  const T sh = static_cast<T>(shift);
  constexpr int64_t block = 512;  // float partial sums over short blocks, then double: fast and accurate
  for (int64_t start = 0; start < n; start += block) {
    const int64_t end = std::min(n, start + block);
    T pa = 0, pb = 0;
#pragma omp simd reduction(+ : pa, pb)
    for (int64_t i = start; i < end; ++i) {
      const T d = x[i] - sh;
      pa += d;
      pb += d * d;
    }
    a += pa;
    b += pb;
  }
  *s1 = a;
  *s2 = b;
}

template <class T, bool Keep>
void densities_impl(const T* x, Shape s, double mu, double inv_sigma, const double* shift_half, double* sums,
                    double* min_half_z2, T* e) {
  const T m = static_cast<T>(mu), is = static_cast<T>(inv_sigma);
  if (s.layout == Layout::PerColumn) {
    std::vector<T> sh(s.cols), acc(s.cols, T(0)), mins(s.cols, std::numeric_limits<T>::max());
    for (int64_t c = 0; c < s.cols; ++c) sh[static_cast<size_t>(c)] = static_cast<T>(shift_half[c]);
    std::vector<double> total(s.cols, 0.0);
    constexpr int64_t block = 64;
    for (int64_t r0 = 0; r0 < s.rows; r0 += block) {
      const int64_t r1 = std::min(s.rows, r0 + block);
      for (int64_t r = r0; r < r1; ++r) {
        const T* row = x + r * s.cols;
        T* er = Keep ? e + r * s.cols : nullptr;
        T* a = acc.data();
        T* mn = mins.data();
        const T* h = sh.data();
#pragma omp simd
        for (int64_t c = 0; c < s.cols; ++c) {
          const T z = (row[c] - m) * is;
          const T hz = T(0.5) * z * z;
          const T v = exp_nonpositive(h[c] - hz);
          if constexpr (Keep) er[c] = v;
          a[c] += v;
          mn[c] = hz < mn[c] ? hz : mn[c];
        }
      }
      for (int64_t c = 0; c < s.cols; ++c) {
        total[static_cast<size_t>(c)] += acc[static_cast<size_t>(c)];
        acc[static_cast<size_t>(c)] = 0;
      }
    }
    for (int64_t c = 0; c < s.cols; ++c) {
      sums[c] = total[static_cast<size_t>(c)];
      min_half_z2[c] = mins[static_cast<size_t>(c)];
    }
    return;
  }
  const int64_t groups = s.groups(), size = s.group_size();
  for (int64_t k = 0; k < groups; ++k) {
    const T* g = x + k * size;
    T* ek = Keep ? e + k * size : nullptr;
    const T h = static_cast<T>(shift_half[k]);
    double total = 0;
    T mn = std::numeric_limits<T>::max();
    constexpr int64_t block = 512;
    for (int64_t start = 0; start < size; start += block) {
      const int64_t end = std::min(size, start + block);
      T acc = 0;
#pragma omp simd reduction(+ : acc) reduction(min : mn)
      for (int64_t i = start; i < end; ++i) {
        const T z = (g[i] - m) * is;
        const T hz = T(0.5) * z * z;
        const T v = exp_nonpositive(h - hz);
        if constexpr (Keep) ek[i] = v;
        acc += v;
        mn = hz < mn ? hz : mn;
      }
      total += acc;
    }
    sums[k] = total;
    min_half_z2[k] = mn;
  }
}

template <class T>
void densities(const T* x, Shape s, double mu, double inv_sigma, const double* shift_half, double* sums,
               double* min_half_z2, T* e) {
  if (e != nullptr) densities_impl<T, true>(x, s, mu, inv_sigma, shift_half, sums, min_half_z2, e);
  else densities_impl<T, false>(x, s, mu, inv_sigma, shift_half, sums, min_half_z2, nullptr);
}

template <class T>
inline T multiplier_at(const double* mult, Shape s, int64_t r, int64_t c) {
  return static_cast<T>(mult[s.layout == Layout::All ? 0 : s.layout == Layout::PerColumn ? c : r]);
}

template <class T>
void scale(const T* x, T* y, Shape s, const double* mult, const T* log_prior, bool row_prior) {
  std::vector<T> per_column;
  if (s.layout == Layout::PerColumn) per_column.assign(mult, mult + s.cols);
  for (int64_t r = 0; r < s.rows; ++r) {
    const T* xr = x + r * s.cols;
    T* yr = y + r * s.cols;
    if (s.layout == Layout::PerColumn) {
      const T* l = per_column.data();
#pragma omp simd
      for (int64_t c = 0; c < s.cols; ++c) yr[c] = l[c] * xr[c];
      continue;
    }
    T l = multiplier_at<T>(mult, s, r, 0);
    if (log_prior != nullptr && row_prior) l -= log_prior[r];
    if (log_prior == nullptr || row_prior) {
#pragma omp simd
      for (int64_t c = 0; c < s.cols; ++c) yr[c] = l * xr[c];
    } else {
      const T* pr = log_prior + r * s.cols;
#pragma omp simd
      for (int64_t c = 0; c < s.cols; ++c) yr[c] = (l - pr[c]) * xr[c];
    }
  }
}

template <class T>
void backward_sums(const T* x, const T* g, const T* e, Shape s, double mu, const double* inv_sums, double* G,
                   double* U, double* V) {
  const T m = static_cast<T>(mu);
  if (s.layout == Layout::PerColumn) {
    std::vector<T> isum(inv_sums, inv_sums + s.cols);
    std::vector<T> ga(s.cols, 0), ua(s.cols, 0), va(s.cols, 0);
    std::vector<double> gt(s.cols, 0), ut(s.cols, 0), vt(s.cols, 0);
    constexpr int64_t block = 64;
    for (int64_t r0 = 0; r0 < s.rows; r0 += block) {
      const int64_t r1 = std::min(s.rows, r0 + block);
      for (int64_t r = r0; r < r1; ++r) {
        const T* xr = x + r * s.cols;
        const T* grow = g + r * s.cols;
        const T* er = e + r * s.cols;
        T *a = ga.data(), *u = ua.data(), *v = va.data();
        const T* q = isum.data();
#pragma omp simd
        for (int64_t c = 0; c < s.cols; ++c) {
          const T d = xr[c] - m;
          const T p = er[c] * q[c];
          a[c] += grow[c] * xr[c];
          u[c] += p * d;
          v[c] += p * d * d;
        }
      }
      for (int64_t c = 0; c < s.cols; ++c) {
        const size_t i = static_cast<size_t>(c);
        gt[i] += ga[i];
        ut[i] += ua[i];
        vt[i] += va[i];
        ga[i] = ua[i] = va[i] = 0;
      }
    }
    std::copy(gt.begin(), gt.end(), G);
    std::copy(ut.begin(), ut.end(), U);
    std::copy(vt.begin(), vt.end(), V);
    return;
  }
  const int64_t groups = s.groups(), size = s.group_size();
  for (int64_t k = 0; k < groups; ++k) {
    const T* xk = x + k * size;
    const T* gk = g + k * size;
    const T* ek = e + k * size;
    const T q = static_cast<T>(inv_sums[k]);
    double gt = 0, ut = 0, vt = 0;
    constexpr int64_t block = 512;
    for (int64_t start = 0; start < size; start += block) {
      const int64_t end = std::min(size, start + block);
      T a = 0, u = 0, v = 0;
#pragma omp simd reduction(+ : a, u, v)
      for (int64_t i = start; i < end; ++i) {
        const T d = xk[i] - m;
        const T p = ek[i] * q;
        a += gk[i] * xk[i];
        u += p * d;
        v += p * d * d;
      }
      gt += a;
      ut += u;
      vt += v;
    }
    G[k] = gt;
    U[k] = ut;
    V[k] = vt;
  }
}

template <class T>
void backward_assemble(const T* x, const T* g, const T* e, T* dx, Shape s, double mu, const double* inv_sums,
                       const double* mult, const T* log_prior, bool row_prior, const double* kq, double c0,
                       double c1) {
  const T m = static_cast<T>(mu), b0 = static_cast<T>(c0), b1 = static_cast<T>(c1);
  const bool per_column = s.layout == Layout::PerColumn;
  std::vector<T> isum, ml, kk;
  if (per_column) {
    isum.assign(inv_sums, inv_sums + s.cols);
    ml.assign(mult, mult + s.cols);
    kk.assign(kq, kq + s.cols);
  }
  for (int64_t r = 0; r < s.rows; ++r) {
    const T* xr = x + r * s.cols;
    const T* gr = g + r * s.cols;
    const T* er = e + r * s.cols;
    T* out = dx + r * s.cols;
    if (per_column) {
      const T *q = isum.data(), *l = ml.data(), *k = kk.data();
#pragma omp simd
      for (int64_t c = 0; c < s.cols; ++c) {
        const T d = xr[c] - m;
        out[c] = gr[c] * l[c] + k[c] * er[c] * q[c] * d + b1 * d + b0;
      }
      continue;
    }
    const int64_t group = s.layout == Layout::All ? 0 : r;
    const T q = static_cast<T>(inv_sums[group]), k = static_cast<T>(kq[group]);
    T l = static_cast<T>(mult[group]);
    if (log_prior != nullptr && row_prior) l -= log_prior[r];
    const T kqq = k * q;
    if (log_prior == nullptr || row_prior) {
#pragma omp simd
      for (int64_t c = 0; c < s.cols; ++c) {
        const T d = xr[c] - m;
        out[c] = gr[c] * l + kqq * er[c] * d + b1 * d + b0;
      }
    } else {
      const T* pr = log_prior + r * s.cols;
#pragma omp simd
      for (int64_t c = 0; c < s.cols; ++c) {
        const T d = xr[c] - m;
        out[c] = gr[c] * (l - pr[c]) + kqq * er[c] * d + b1 * d + b0;
      }
    }
  }
}

}  // namespace

const Kernels<float> float_kernels{&moments<float>, &densities<float>, &scale<float>, &backward_sums<float>,
                                   &backward_assemble<float>};
const Kernels<double> double_kernels{&moments<double>, &densities<double>, &scale<double>, &backward_sums<double>,
                                     &backward_assemble<double>};

}  // namespace nt::regularity::NT_KERNEL_NAMESPACE
