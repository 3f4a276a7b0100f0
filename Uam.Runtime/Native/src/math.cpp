// Pointwise math, comparisons, reductions and matrix products.
#include "nt_internal.hpp"

using nt::get;
using nt::get_mutable;
using nt::guard;
using nt::require;
using nt::wrap;

// One guarded export per op; the macros only remove the repeated guard and out-pointer lines.
#define NT_UNARY(name, expression)                                   \
  NT_API int32_t name(const nt_tensor* a_handle, nt_tensor** out) noexcept { \
    return nt::produce(out, [&] {                                    \
      const at::Tensor& a = get(a_handle);                           \
      return expression;                                             \
    });                                                              \
  }

#define NT_BINARY(name, expression)                                                               \
  NT_API int32_t name(const nt_tensor* a_handle, const nt_tensor* b_handle, nt_tensor** out) noexcept { \
    return nt::produce(out, [&] {                                                                 \
      const at::Tensor& a = get(a_handle);                                                        \
      const at::Tensor& b = get(b_handle);                                                        \
      return expression;                                                                          \
    });                                                                                           \
  }

#define NT_SCALAR(name, expression)                                                          \
  NT_API int32_t name(const nt_tensor* a_handle, nt_scalar b_value, nt_tensor** out) noexcept { \
    return nt::produce(out, [&] {                                                            \
      const at::Tensor& a = get(a_handle);                                                   \
      const at::Scalar b = nt::scalar(b_value);                                              \
      return expression;                                                                     \
    });                                                                                      \
  }

#define NT_REDUCTION(name, expression)                                                               \
  NT_API int32_t name(const nt_tensor* a_handle, const int64_t* dims, int32_t ndim, uint8_t keepdim,   \
                      nt_tensor** out) noexcept {                                                    \
    return nt::produce(out, [&] {                                                                    \
      const at::Tensor& a = get(a_handle);                                                           \
      const auto d = nt::reduction_dims(a, dims, ndim);                                              \
      const bool keep = keepdim != 0;                                                                \
      return expression;                                                                             \
    });                                                                                              \
  }

NT_UNARY(nt_tensor_neg, at::neg(a))
NT_UNARY(nt_tensor_abs, at::abs(a))
NT_UNARY(nt_tensor_exp, at::exp(a))
NT_UNARY(nt_tensor_log, at::log(a))
NT_UNARY(nt_tensor_log1p, at::log1p(a))
NT_UNARY(nt_tensor_sqrt, at::sqrt(a))
NT_UNARY(nt_tensor_rsqrt, at::rsqrt(a))
NT_UNARY(nt_tensor_square, at::square(a))
NT_UNARY(nt_tensor_reciprocal, at::reciprocal(a))
NT_UNARY(nt_tensor_sign, at::sign(a))
NT_UNARY(nt_tensor_floor, at::floor(a))
NT_UNARY(nt_tensor_sin, at::sin(a))
NT_UNARY(nt_tensor_cos, at::cos(a))
NT_UNARY(nt_tensor_erf, at::erf(a))
NT_UNARY(nt_tensor_relu, at::relu(a))
NT_UNARY(nt_tensor_tanh, at::tanh(a))
NT_UNARY(nt_tensor_sigmoid, at::sigmoid(a))
NT_UNARY(nt_tensor_log_sigmoid, at::log_sigmoid(a))
NT_UNARY(nt_tensor_logical_not, at::logical_not(a))
NT_UNARY(nt_tensor_isnan, at::isnan(a))
NT_UNARY(nt_tensor_isfinite, at::isfinite(a))

NT_BINARY(nt_tensor_mul, at::mul(a, b))
NT_BINARY(nt_tensor_div, at::div(a, b))
NT_BINARY(nt_tensor_pow, at::pow(a, b))
NT_BINARY(nt_tensor_maximum, at::maximum(a, b))
NT_BINARY(nt_tensor_minimum, at::minimum(a, b))
NT_BINARY(nt_tensor_eq, at::eq(a, b))
NT_BINARY(nt_tensor_ne, at::ne(a, b))
NT_BINARY(nt_tensor_lt, at::lt(a, b))
NT_BINARY(nt_tensor_le, at::le(a, b))
NT_BINARY(nt_tensor_gt, at::gt(a, b))
NT_BINARY(nt_tensor_ge, at::ge(a, b))
NT_BINARY(nt_tensor_logical_and, at::logical_and(a, b))
NT_BINARY(nt_tensor_logical_or, at::logical_or(a, b))
NT_BINARY(nt_tensor_matmul, at::matmul(a, b))
NT_BINARY(nt_tensor_mm, at::mm(a, b))
NT_BINARY(nt_tensor_bmm, at::bmm(a, b))

NT_SCALAR(nt_tensor_mul_scalar, at::mul(a, b))
NT_SCALAR(nt_tensor_div_scalar, at::div(a, b))
NT_SCALAR(nt_tensor_pow_scalar, at::pow(a, b))
NT_SCALAR(nt_tensor_rpow_scalar, at::pow(b, a))
NT_SCALAR(nt_tensor_eq_scalar, at::eq(a, b))
NT_SCALAR(nt_tensor_ne_scalar, at::ne(a, b))
NT_SCALAR(nt_tensor_lt_scalar, at::lt(a, b))
NT_SCALAR(nt_tensor_le_scalar, at::le(a, b))
NT_SCALAR(nt_tensor_gt_scalar, at::gt(a, b))
NT_SCALAR(nt_tensor_ge_scalar, at::ge(a, b))
NT_SCALAR(nt_tensor_rsub_scalar, at::rsub(a, b))

NT_REDUCTION(nt_tensor_sum, at::sum(a, d, keep))
NT_REDUCTION(nt_tensor_mean, at::mean(a, d, keep))
NT_REDUCTION(nt_tensor_logsumexp, at::logsumexp(a, d, keep))
NT_REDUCTION(nt_tensor_amax, at::amax(a, d, keep))
NT_REDUCTION(nt_tensor_amin, at::amin(a, d, keep))

NT_API int32_t nt_tensor_add(const nt_tensor* a, const nt_tensor* b, nt_scalar alpha, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::add(get(a), get(b), nt::scalar(alpha)); });
}

NT_API int32_t nt_tensor_add_scalar(const nt_tensor* a, nt_scalar b, nt_scalar alpha, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::add(get(a), nt::scalar(b), nt::scalar(alpha)); });
}

NT_API int32_t nt_tensor_softplus(const nt_tensor* a, double beta, double threshold, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::softplus(get(a), beta, threshold); });
}

NT_API int32_t nt_tensor_leaky_relu(const nt_tensor* a, double slope, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::leaky_relu(get(a), slope); });
}

namespace {
c10::optional<at::Scalar> bound(double value, uint8_t present) {
  if (!present) return c10::nullopt;
  return at::Scalar(value);
}
}  // namespace

NT_API int32_t nt_tensor_clamp(const nt_tensor* a, double min, uint8_t has_min, double max, uint8_t has_max,
                               nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::clamp(get(a), bound(min, has_min), bound(max, has_max)); });
}

NT_API int32_t nt_tensor_where(const nt_tensor* condition, const nt_tensor* a, const nt_tensor* b,
                               nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::where(get(condition), get(a), get(b)); });
}

NT_API int32_t nt_tensor_add_(nt_tensor* a, const nt_tensor* b, nt_scalar alpha) noexcept {
  return guard([&] { get_mutable(a).add_(get(b), nt::scalar(alpha)); });
}

NT_API int32_t nt_tensor_add_scalar_(nt_tensor* a, nt_scalar b) noexcept {
  return guard([&] { get_mutable(a).add_(nt::scalar(b)); });
}

NT_API int32_t nt_tensor_mul_(nt_tensor* a, const nt_tensor* b) noexcept {
  return guard([&] { get_mutable(a).mul_(get(b)); });
}

NT_API int32_t nt_tensor_mul_scalar_(nt_tensor* a, nt_scalar b) noexcept {
  return guard([&] { get_mutable(a).mul_(nt::scalar(b)); });
}

NT_API int32_t nt_tensor_div_(nt_tensor* a, const nt_tensor* b) noexcept {
  return guard([&] { get_mutable(a).div_(get(b)); });
}

NT_API int32_t nt_tensor_addcmul_(nt_tensor* a, const nt_tensor* b, const nt_tensor* c, nt_scalar value) noexcept {
  return guard([&] { get_mutable(a).addcmul_(get(b), get(c), nt::scalar(value)); });
}

NT_API int32_t nt_tensor_addcdiv_(nt_tensor* a, const nt_tensor* b, const nt_tensor* c, nt_scalar value) noexcept {
  return guard([&] { get_mutable(a).addcdiv_(get(b), get(c), nt::scalar(value)); });
}

NT_API int32_t nt_tensor_lerp_(nt_tensor* a, const nt_tensor* end, nt_scalar weight) noexcept {
  return guard([&] { get_mutable(a).lerp_(get(end), nt::scalar(weight)); });
}

NT_API int32_t nt_tensor_clamp_(nt_tensor* a, double min, uint8_t has_min, double max, uint8_t has_max) noexcept {
  return guard([&] { get_mutable(a).clamp_(bound(min, has_min), bound(max, has_max)); });
}

NT_API int32_t nt_tensor_masked_fill_(nt_tensor* a, const nt_tensor* mask, nt_scalar value) noexcept {
  return guard([&] { get_mutable(a).masked_fill_(get(mask), nt::scalar(value)); });
}

NT_API int32_t nt_tensor_std(const nt_tensor* a, const int64_t* dims, int32_t ndim, uint8_t unbiased, uint8_t keepdim,
                             nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    const auto& t = get(a);
    return at::std(t, at::IntArrayRef(nt::reduction_dims(t, dims, ndim)), unbiased != 0, keepdim != 0);
  });
}

NT_API int32_t nt_tensor_var(const nt_tensor* a, const int64_t* dims, int32_t ndim, uint8_t unbiased, uint8_t keepdim,
                             nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    const auto& t = get(a);
    return at::var(t, at::IntArrayRef(nt::reduction_dims(t, dims, ndim)), unbiased != 0, keepdim != 0);
  });
}

NT_API int32_t nt_tensor_norm(const nt_tensor* a, double p, const int64_t* dims, int32_t ndim, uint8_t keepdim,
                              nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    const auto& t = get(a);
    return at::norm(t, at::Scalar(p), at::IntArrayRef(nt::reduction_dims(t, dims, ndim)), keepdim != 0);
  });
}

NT_API int32_t nt_tensor_max_dim(const nt_tensor* a, int64_t dim, uint8_t keepdim, nt_tensor** values,
                                 nt_tensor** indices) noexcept {
  if (values) *values = nullptr;
  if (indices) *indices = nullptr;
  return guard([&] {
    require(values != nullptr && indices != nullptr, "out-pointers are null");
    auto result = at::max(get(a), dim, keepdim != 0);
    *values = wrap(std::get<0>(result));
    *indices = wrap(std::get<1>(result));
  });
}

NT_API int32_t nt_tensor_min_dim(const nt_tensor* a, int64_t dim, uint8_t keepdim, nt_tensor** values,
                                 nt_tensor** indices) noexcept {
  if (values) *values = nullptr;
  if (indices) *indices = nullptr;
  return guard([&] {
    require(values != nullptr && indices != nullptr, "out-pointers are null");
    auto result = at::min(get(a), dim, keepdim != 0);
    *values = wrap(std::get<0>(result));
    *indices = wrap(std::get<1>(result));
  });
}

namespace {
c10::optional<int64_t> optional_dim(int64_t dim, uint8_t has_dim) {
  if (!has_dim) return c10::nullopt;
  return dim;
}
}  // namespace

NT_API int32_t nt_tensor_argmax(const nt_tensor* a, int64_t dim, uint8_t has_dim, uint8_t keepdim,
                                nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::argmax(get(a), optional_dim(dim, has_dim), keepdim != 0); });
}

NT_API int32_t nt_tensor_argmin(const nt_tensor* a, int64_t dim, uint8_t has_dim, uint8_t keepdim,
                                nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::argmin(get(a), optional_dim(dim, has_dim), keepdim != 0); });
}

NT_API int32_t nt_tensor_cumsum(const nt_tensor* a, int64_t dim, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return at::cumsum(get(a), dim); });
}
