// The functional layer: activations over a dimension, losses, convolution, pooling, normalization,
// dropout and recurrent cells.
#include "nt_internal.hpp"

using nt::get;
using nt::guard;
using nt::produce;
using nt::require;

namespace {
at::IntArrayRef pair(const int64_t* values) {
  require(values != nullptr, "a [height, width] argument is null");
  return at::IntArrayRef(values, 2);
}
}  // namespace

NT_API int32_t nt_softmax(const nt_tensor* a, int64_t dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::softmax(get(a), dim); });
}

NT_API int32_t nt_log_softmax(const nt_tensor* a, int64_t dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::log_softmax(get(a), dim); });
}

NT_API int32_t nt_linear(const nt_tensor* input, const nt_tensor* weight, const nt_tensor* bias,
                         nt_tensor** out) noexcept {
  return produce(out, [&] { return at::linear(get(input), get(weight), nt::optional(bias)); });
}

NT_API int32_t nt_nll_loss(const nt_tensor* input, const nt_tensor* target, const nt_tensor* weight,
                           int32_t reduction, int64_t ignore_index, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::nll_loss(get(input), get(target), nt::optional(weight), nt::reduction(reduction), ignore_index);
  });
}

NT_API int32_t nt_cross_entropy(const nt_tensor* input, const nt_tensor* target, const nt_tensor* weight,
                                int32_t reduction, int64_t ignore_index, double label_smoothing,
                                nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::cross_entropy_loss(get(input), get(target), nt::optional(weight), nt::reduction(reduction),
                                  ignore_index, label_smoothing);
  });
}

NT_API int32_t nt_mse_loss(const nt_tensor* input, const nt_tensor* target, int32_t reduction,
                           nt_tensor** out) noexcept {
  return produce(out, [&] { return at::mse_loss(get(input), get(target), nt::reduction(reduction)); });
}

NT_API int32_t nt_smooth_l1_loss(const nt_tensor* input, const nt_tensor* target, int32_t reduction, double beta,
                                 nt_tensor** out) noexcept {
  return produce(out, [&] { return at::smooth_l1_loss(get(input), get(target), nt::reduction(reduction), beta); });
}

NT_API int32_t nt_binary_cross_entropy(const nt_tensor* input, const nt_tensor* target, const nt_tensor* weight,
                                       int32_t reduction, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::binary_cross_entropy(get(input), get(target), nt::optional(weight), nt::reduction(reduction));
  });
}

NT_API int32_t nt_binary_cross_entropy_with_logits(const nt_tensor* input, const nt_tensor* target,
                                                   const nt_tensor* weight, int32_t reduction,
                                                   nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::binary_cross_entropy_with_logits(get(input), get(target), nt::optional(weight), c10::nullopt,
                                                nt::reduction(reduction));
  });
}

NT_API int32_t nt_conv2d(const nt_tensor* input, const nt_tensor* weight, const nt_tensor* bias,
                         const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups,
                         nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::conv2d(get(input), get(weight), nt::optional(bias), pair(stride), pair(padding), pair(dilation),
                      groups);
  });
}

NT_API int32_t nt_max_pool2d(const nt_tensor* input, const int64_t* kernel, const int64_t* stride,
                             const int64_t* padding, const int64_t* dilation, uint8_t ceil_mode,
                             nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::max_pool2d(get(input), pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode != 0);
  });
}

NT_API int32_t nt_embedding(const nt_tensor* weight, const nt_tensor* indices, int64_t padding_idx,
                            nt_tensor** out) noexcept {
  return produce(out, [&] { return at::embedding(get(weight), get(indices), padding_idx); });
}

NT_API int32_t nt_layer_norm(const nt_tensor* input, const int64_t* normalized_shape, int32_t ndim,
                             const nt_tensor* weight, const nt_tensor* bias, double eps, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::layer_norm(get(input), nt::dims(normalized_shape, ndim), nt::optional(weight), nt::optional(bias),
                          eps);
  });
}

NT_API int32_t nt_batch_norm(const nt_tensor* input, const nt_tensor* weight, const nt_tensor* bias,
                             nt_tensor* running_mean, nt_tensor* running_var, uint8_t training, double momentum,
                             double eps, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::batch_norm(get(input), nt::optional(weight), nt::optional(bias), nt::optional(running_mean),
                          nt::optional(running_var), training != 0, momentum, eps, /*cudnn_enabled=*/true);
  });
}

NT_API int32_t nt_dropout(const nt_tensor* input, double p, uint8_t training, nt_generator* generator,
                          nt_tensor** out) noexcept {
  return produce(out, [&] {
    require(p >= 0.0 && p <= 1.0, "dropout probability must be in [0, 1]");
    const auto& x = get(input);
    if (!training || p == 0.0) return x;
    if (p == 1.0) return x * at::zeros({}, x.options());
    // at::dropout takes no generator in 1.13: draw the keep-mask ourselves so a seeded layer
    // reproduces its masks.
    auto keep = at::empty_like(x, x.options().requires_grad(false)).bernoulli_(1.0 - p, nt::generator(generator));
    return x * keep.div_(1.0 - p);
  });
}

NT_API int32_t nt_weight_norm(const nt_tensor* v, const nt_tensor* g, int64_t dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::_weight_norm(get(v), get(g), dim); });
}

NT_API int32_t nt_rnn_tanh_cell(const nt_tensor* input, const nt_tensor* hx, const nt_tensor* w_ih,
                                const nt_tensor* w_hh, const nt_tensor* b_ih, const nt_tensor* b_hh,
                                nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::rnn_tanh_cell(get(input), get(hx), get(w_ih), get(w_hh), nt::optional(b_ih), nt::optional(b_hh));
  });
}

NT_API int32_t nt_gru_cell(const nt_tensor* input, const nt_tensor* hx, const nt_tensor* w_ih, const nt_tensor* w_hh,
                           const nt_tensor* b_ih, const nt_tensor* b_hh, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::gru_cell(get(input), get(hx), get(w_ih), get(w_hh), nt::optional(b_ih), nt::optional(b_hh));
  });
}

NT_API int32_t nt_lstm_cell(const nt_tensor* input, const nt_tensor* hx, const nt_tensor* cx, const nt_tensor* w_ih,
                            const nt_tensor* w_hh, const nt_tensor* b_ih, const nt_tensor* b_hh, nt_tensor** h_out,
                            nt_tensor** c_out) noexcept {
  if (h_out) *h_out = nullptr;
  if (c_out) *c_out = nullptr;
  return guard([&] {
    require(h_out != nullptr && c_out != nullptr, "out-pointers are null");
    auto result = at::lstm_cell(get(input), {get(hx), get(cx)}, get(w_ih), get(w_hh), nt::optional(b_ih),
                                nt::optional(b_hh));
    *h_out = nt::wrap(std::get<0>(result));
    *c_out = nt::wrap(std::get<1>(result));
  });
}
