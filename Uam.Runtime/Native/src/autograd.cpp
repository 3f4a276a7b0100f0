// Autograd: gradient flags, backward, grad, grad mode.
#include "nt_internal.hpp"

using nt::get;
using nt::get_mutable;
using nt::guard;
using nt::produce;
using nt::require;

namespace {
// Null entries mean "no gradient given" (an implicit one for scalar outputs).
std::vector<at::Tensor> optional_tensors(const nt_tensor* const* items, int32_t count) {
  std::vector<at::Tensor> out(static_cast<size_t>(count));
  if (items == nullptr) return out;
  for (int32_t i = 0; i < count; ++i) out[static_cast<size_t>(i)] = nt::or_undefined(items[i]);
  return out;
}
}  // namespace

NT_API int32_t nt_tensor_requires_grad(const nt_tensor* a, uint8_t* out) noexcept {
  if (out) *out = 0;
  return guard([&] {
    require(out != nullptr, "out is null");
    *out = get(a).requires_grad() ? 1 : 0;
  });
}

NT_API int32_t nt_tensor_set_requires_grad(nt_tensor* a, uint8_t requires_grad) noexcept {
  return guard([&] { get_mutable(a).set_requires_grad(requires_grad != 0); });
}

NT_API int32_t nt_tensor_is_leaf(const nt_tensor* a, uint8_t* out) noexcept {
  if (out) *out = 0;
  return guard([&] {
    require(out != nullptr, "out is null");
    *out = get(a).is_leaf() ? 1 : 0;
  });
}

NT_API int32_t nt_tensor_detach(const nt_tensor* a, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).detach(); });
}

NT_API int32_t nt_tensor_retain_grad(nt_tensor* a) noexcept {
  return guard([&] { get_mutable(a).retain_grad(); });
}

NT_API int32_t nt_tensor_grad(const nt_tensor* a, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).grad(); });
}

NT_API int32_t nt_tensor_set_grad(nt_tensor* a, const nt_tensor* grad) noexcept {
  return guard([&] { get_mutable(a).mutable_grad() = nt::or_undefined(grad); });
}

NT_API int32_t nt_autograd_backward(const nt_tensor* const* outputs, const nt_tensor* const* grad_outputs,
                                    int32_t count, uint8_t retain_graph, uint8_t create_graph) noexcept {
  return guard([&] {
    require(count > 0, "backward needs at least one output");
    torch::autograd::backward(nt::tensors(outputs, count), optional_tensors(grad_outputs, count),
                              retain_graph != 0, create_graph != 0);
  });
}

NT_API int32_t nt_autograd_grad(const nt_tensor* const* outputs, const nt_tensor* const* grad_outputs,
                                int32_t output_count, const nt_tensor* const* inputs, int32_t input_count,
                                uint8_t retain_graph, uint8_t create_graph, uint8_t allow_unused,
                                nt_tensor_list** out) noexcept {
  if (out) *out = nullptr;
  return guard([&] {
    require(out != nullptr, "out is null");
    require(output_count > 0 && input_count > 0, "grad needs at least one output and one input");
    auto grads = torch::autograd::grad(nt::tensors(outputs, output_count),
                                       nt::tensors(inputs, input_count),
                                       optional_tensors(grad_outputs, output_count), retain_graph != 0,
                                       create_graph != 0, allow_unused != 0);
    *out = new nt_tensor_list{std::move(grads)};
  });
}

NT_API int32_t nt_grad_mode_is_enabled(uint8_t* enabled) noexcept {
  if (enabled) *enabled = 0;
  return guard([&] {
    require(enabled != nullptr, "enabled is null");
    *enabled = c10::GradMode::is_enabled() ? 1 : 0;
  });
}

NT_API int32_t nt_grad_mode_set(uint8_t enabled) noexcept {
  return guard([&] { c10::GradMode::set_enabled(enabled != 0); });
}
