// Optimizer updates fused into one call per parameter: the same ATen ops, in the same order and with the same scalars,
// as the binding's per-op form (optim.Adam before this existed), so results are bit for bit those; what goes is one
// boundary crossing and one handle per op, which for a small network cost as much as the arithmetic.
#include "nt_internal.hpp"

using nt::get;
using nt::get_mutable;
using nt::guard;
using nt::require;

NT_API int32_t nt_optim_adam_update(nt_tensor* parameter, const nt_tensor* grad, nt_tensor* exp_avg, nt_tensor* exp_avg_sq,
                                    nt_tensor* max_exp_avg_sq, double beta1, double beta2, double step_size, double sqrt_bias_correction2,
                                    double eps, double weight_decay) noexcept {
  return guard([&] {
    require(parameter != nullptr && grad != nullptr && exp_avg != nullptr && exp_avg_sq != nullptr, "a tensor is null");
    at::NoGradGuard no_grad;
    at::Tensor& p = get_mutable(parameter);
    const at::Tensor g = weight_decay != 0 ? at::add(get(grad), p, at::Scalar(weight_decay)) : get(grad);
    at::Tensor& m = get_mutable(exp_avg);
    at::Tensor& v = get_mutable(exp_avg_sq);
    m.mul_(at::Scalar(beta1)).add_(g, at::Scalar(1 - beta1));
    v.mul_(at::Scalar(beta2)).addcmul_(g, g, at::Scalar(1 - beta2));
    at::Tensor second = v;
    if (max_exp_avg_sq != nullptr) {
      at::Tensor& max = get_mutable(max_exp_avg_sq);
      max.copy_(at::maximum(max, v));
      second = max;
    }
    at::Tensor denominator = at::div(at::sqrt(second), at::Scalar(sqrt_bias_correction2)).add_(at::Scalar(eps));
    p.addcdiv_(m, denominator, at::Scalar(step_size));
  });
}

NT_API int32_t nt_soft_update(nt_tensor* const* targets, const nt_tensor* const* sources, int32_t count, double source_weight,
                              double target_weight) noexcept {
  return guard([&] {
    require(count >= 0 && (count == 0 || (targets != nullptr && sources != nullptr)), "the tensor arrays are null");
    for (int32_t i = 0; i < count; ++i) {
      require(targets[i] != nullptr && sources[i] != nullptr, "a tensor is null");
      const at::Tensor& t = get(targets[i]);
      const at::Tensor& s = get(sources[i]);
      if (t.sizes() != s.sizes() || t.scalar_type() != s.scalar_type())
        throw nt::argument_error("pair " + std::to_string(i) + ": the target is " + std::string(c10::toString(t.scalar_type())) +
                                 c10::str(t.sizes()) + " but the source is " + std::string(c10::toString(s.scalar_type())) + c10::str(s.sizes()));
    }
    at::NoGradGuard no_grad;
    for (int32_t i = 0; i < count; ++i) {
      at::Tensor& t = get_mutable(targets[i]);
      t.copy_(at::add(at::mul(get(sources[i]), at::Scalar(source_weight)), at::mul(t, at::Scalar(target_weight))));
    }
  });
}
