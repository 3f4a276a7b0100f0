// libtorch's own C++ frontend as a reference: torch::optim for optimizer parity tests, and C++-driven
// loops that the binding benchmark compares against. Kept in one unit so only it pays the frontend's
// heavier headers.
#include "nt_internal.hpp"
#include "nt_testing.h"

#include <torch/optim/adam.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>
#include <torch/nn/utils/clip_grad.h>

#include <algorithm>
#include <chrono>
#include <memory>

using nt::get;
using nt::guard;
using nt::require;

namespace {
double option(const double* options, int32_t count, int32_t index) {
  require(index < count, "too few optimizer options");
  return options[index];
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(int32_t kind, const double* o, int32_t n,
                                                        std::vector<at::Tensor> params) {
  require(n == 0 || o != nullptr, "options are null");
  switch (kind) {
    case NT_REFERENCE_SGD:
      return std::make_unique<torch::optim::SGD>(
          params, torch::optim::SGDOptions(option(o, n, 0))
                      .momentum(option(o, n, 1))
                      .dampening(option(o, n, 2))
                      .weight_decay(option(o, n, 3))
                      .nesterov(option(o, n, 4) != 0.0));
    case NT_REFERENCE_ADAM:
      return std::make_unique<torch::optim::Adam>(
          params, torch::optim::AdamOptions(option(o, n, 0))
                      .betas({option(o, n, 1), option(o, n, 2)})
                      .eps(option(o, n, 3))
                      .weight_decay(option(o, n, 4))
                      .amsgrad(option(o, n, 5) != 0.0));
    case NT_REFERENCE_RMSPROP:
      return std::make_unique<torch::optim::RMSprop>(
          params, torch::optim::RMSpropOptions(option(o, n, 0))
                      .alpha(option(o, n, 1))
                      .eps(option(o, n, 2))
                      .weight_decay(option(o, n, 3))
                      .momentum(option(o, n, 4))
                      .centered(option(o, n, 5) != 0.0));
    default:
      throw nt::argument_error("unknown reference optimizer kind");
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

NT_API int32_t nt_reference_optimizer_run(int32_t kind, const double* options, int32_t option_count,
                                          const nt_tensor* initial, const nt_tensor* weights, double curvature,
                                          int32_t steps, nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    require(steps >= 0, "steps must be non-negative");
    auto p = get(initial).detach().clone().set_requires_grad(true);
    const auto& w = get(weights);
    auto optimizer = make_optimizer(kind, options, option_count, {p});
    for (int32_t i = 0; i < steps; ++i) {
      optimizer->zero_grad();
      auto loss = (at::tanh(p) * w).sum() + 0.5 * curvature * (p * p).sum();
      loss.backward();
      optimizer->step();
    }
    return p.detach();
  });
}

NT_API int32_t nt_bench_add_loop(const nt_tensor* a, const nt_tensor* b, int64_t iterations,
                                 double* seconds) noexcept {
  if (seconds) *seconds = 0;
  return guard([&] {
    require(seconds != nullptr, "seconds is null");
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < iterations; ++i) {
      // What one binding call does natively: compute, wrap in a fresh handle, free it.
      nt_tensor* result = nt::wrap(at::add(get(a), get(b)));
      nt_tensor_free(result);
    }
    *seconds = seconds_since(start);
  });
}

NT_API int32_t nt_bench_mlp_train(const nt_tensor* input, const nt_tensor* target, nt_tensor* const* weights,
                                  nt_tensor* const* biases, int32_t layers, double learning_rate, double momentum,
                                  int32_t steps, double* seconds, double* last_loss) noexcept {
  if (seconds) *seconds = 0;
  if (last_loss) *last_loss = 0;
  return guard([&] {
    require(seconds != nullptr && last_loss != nullptr, "out-pointers are null");
    require(layers > 0 && weights != nullptr && biases != nullptr, "need at least one layer");
    std::vector<at::Tensor> params;
    for (int32_t i = 0; i < layers; ++i) {
      params.push_back(nt::get_mutable(weights[i]));
      params.push_back(nt::get_mutable(biases[i]));
    }
    torch::optim::SGD optimizer(params, torch::optim::SGDOptions(learning_rate).momentum(momentum));
    const auto& x = get(input);
    const auto& y = get(target);
    const auto start = std::chrono::steady_clock::now();
    for (int32_t step = 0; step < steps; ++step) {
      // Reset gradients to undefined, as the binding's ZeroGrad does; Optimizer::zero_grad() in 1.13
      // zeroes them in place instead, which is extra work and would not be the same step.
      for (auto& p : params) p.mutable_grad() = at::Tensor();
      at::Tensor h = x;
      for (int32_t i = 0; i < layers; ++i) {
        h = at::linear(h, params[2 * i], params[2 * i + 1]);
        if (i + 1 < layers) h = at::relu(h);
      }
      auto loss = at::nll_loss(at::log_softmax(h, 1), y);
      loss.backward();
      optimizer.step();
      if (step + 1 == steps) *last_loss = loss.item<double>();
    }
    *seconds = seconds_since(start);
  });
}

namespace {
at::Tensor q_values(const std::vector<at::Tensor>& params, const at::Tensor& x) {
  at::Tensor h = x;
  const size_t layers = params.size() / 2;
  for (size_t i = 0; i < layers; ++i) {
    h = at::linear(h, params[2 * i], params[2 * i + 1]);
    if (i + 1 < layers) h = at::relu(h);
  }
  return h;
}
}  // namespace

NT_API int32_t nt_bench_dqn_learn(const float* states, const int64_t* actions, const float* rewards, const float* next_states,
                                  const int32_t* dones, int32_t batch, int32_t features, nt_tensor* const* local,
                                  nt_tensor* const* target, int32_t layers, double gamma, double tau, double learning_rate,
                                  int32_t steps, double* seconds, double* last_loss) noexcept {
  if (seconds) *seconds = 0;
  if (last_loss) *last_loss = 0;
  return guard([&] {
    require(seconds != nullptr && last_loss != nullptr, "out-pointers are null");
    require(states != nullptr && actions != nullptr && rewards != nullptr && next_states != nullptr && dones != nullptr,
            "the batch arrays are null");
    require(batch > 0 && features > 0, "batch and features must be positive");
    require(layers > 0 && local != nullptr && target != nullptr, "need at least one layer");
    std::vector<at::Tensor> local_params, target_params;
    for (int32_t i = 0; i < 2 * layers; ++i) {
      local_params.push_back(nt::get_mutable(local[i]));
      target_params.push_back(nt::get_mutable(target[i]));
    }
    torch::optim::Adam optimizer(local_params, torch::optim::AdamOptions(learning_rate));
    const auto float_options = at::TensorOptions().dtype(at::kFloat);
    const auto start = std::chrono::steady_clock::now();
    for (int32_t step = 0; step < steps; ++step) {
      // The batch arrives as a C++ replay memory would hand it over: arrays copied into fresh tensors.
      at::Tensor s = at::from_blob(const_cast<float*>(states), {batch, features}, float_options).clone();
      at::Tensor s_next = at::from_blob(const_cast<float*>(next_states), {batch, features}, float_options).clone();
      at::Tensor a = at::from_blob(const_cast<int64_t*>(actions), {batch, 1}, at::TensorOptions().dtype(at::kLong)).clone();
      at::Tensor y;
      {
        at::NoGradGuard no_grad;
        at::Tensor max_next = std::get<0>(q_values(target_params, s_next).max(1)).contiguous();
        const float* m = max_next.data_ptr<float>();
        std::vector<float> targets(static_cast<size_t>(batch));
        for (int32_t i = 0; i < batch; ++i) targets[i] = rewards[i] + static_cast<float>(gamma) * m[i] * (dones[i] != 0 ? 0.0f : 1.0f);
        y = at::from_blob(targets.data(), {batch, 1}, float_options).clone();
      }
      at::Tensor predicted = q_values(local_params, s).gather(1, a);
      at::Tensor loss = at::mse_loss(predicted, y);
      for (auto& p : local_params) p.mutable_grad() = at::Tensor();
      loss.backward();
      optimizer.step();
      {
        at::NoGradGuard no_grad;
        for (size_t i = 0; i < local_params.size(); ++i)
          target_params[i].copy_(local_params[i] * tau + target_params[i] * (1 - tau));
      }
      if (step + 1 == steps) *last_loss = loss.item<double>();
    }
    *seconds = seconds_since(start);
  });
}

namespace {
// DRAW's filterbank as the binding's nn.DrawFilterbank computes it (the DRAW paper's variant): centres
// g + (i - N/2 - 0.5) * delta for i = 1..N over 1-based pixel coordinates, rows normalised (+ 1e-9).
struct draw_window {
  at::Tensor gx, gy, delta, variance, gamma;
};

draw_window make_window(const at::Tensor& p, int64_t width, int64_t height, int64_t patch) {
  return {(p.select(1, 0) + 1) * ((width + 1) / 2.0), (p.select(1, 1) + 1) * ((height + 1) / 2.0),
          p.select(1, 3).exp() * ((std::max(width, height) - 1) / static_cast<double>(patch - 1)), p.select(1, 2).exp(),
          p.select(1, 4).exp()};
}

at::Tensor filter(const at::Tensor& center, const at::Tensor& stride, const at::Tensor& variance, int64_t patch, int64_t length) {
  const auto options = center.options();
  auto offsets = at::arange(1, 1 + patch, 1, options) - (patch / 2.0 + 0.5);
  auto mu = center.unsqueeze(1) + offsets.unsqueeze(0) * stride.unsqueeze(1);
  auto difference = at::arange(1, 1 + length, 1, options).view({1, 1, length}) - mu.unsqueeze(2);
  auto weights = (difference.square() / (variance * 2).view({-1, 1, 1})).neg().exp();
  return weights / (weights.sum(2, true) + 1e-9);
}
}  // namespace

NT_API int32_t nt_bench_draw_train(const nt_tensor* images, nt_tensor* const* parameters, int32_t parameter_count,
                                   nt_generator* noise, const int32_t* shape, double learning_rate, double beta1, double beta2,
                                   double clip_norm, int32_t steps, double* seconds, double* last_loss) noexcept {
  if (seconds) *seconds = 0;
  if (last_loss) *last_loss = 0;
  return guard([&] {
    require(seconds != nullptr && last_loss != nullptr, "out-pointers are null");
    require(shape != nullptr && noise != nullptr, "the shape or the generator is null");
    require(parameter_count == 18, "DRAW has 18 parameter tensors (two LSTM cells of 4, five linear layers of 2)");
    const int64_t glimpses = shape[0], width = shape[1], height = shape[2], read_n = shape[3], write_n = shape[4];
    std::vector<at::Tensor> p;
    for (int32_t i = 0; i < parameter_count; ++i) p.push_back(nt::get_mutable(parameters[i]));
    // The binding's parameter order: encoder (w_ih, w_hh, b_ih, b_hh), mu, log_sigma, decoder, read_window,
    // write_window, write (weight, bias each).
    const at::Tensor &enc_wih = p[0], &enc_whh = p[1], &enc_bih = p[2], &enc_bhh = p[3];
    const at::Tensor &mu_w = p[4], &mu_b = p[5], &ls_w = p[6], &ls_b = p[7];
    const at::Tensor &dec_wih = p[8], &dec_whh = p[9], &dec_bih = p[10], &dec_bhh = p[11];
    const at::Tensor &rw_w = p[12], &rw_b = p[13], &ww_w = p[14], &ww_b = p[15], &w_w = p[16], &w_b = p[17];
    const int64_t encoder = enc_whh.size(1), decoder = dec_whh.size(1);
    torch::optim::Adam optimizer(p, torch::optim::AdamOptions(learning_rate).betas({beta1, beta2}));
    const auto& x_flat = get(images);
    const int64_t batch = x_flat.size(0);
    require(x_flat.size(1) == width * height, "the images do not have width * height pixels");
    const auto start = std::chrono::steady_clock::now();
    for (int32_t step = 0; step < steps; ++step) {
      auto x = x_flat.view({batch, height, width});
      auto canvas = at::zeros({batch, height, width}, x.options());
      auto h_dec = at::zeros({batch, decoder}, x.options()), c_dec = at::zeros({batch, decoder}, x.options());
      auto h_enc = at::zeros({batch, encoder}, x.options()), c_enc = at::zeros({batch, encoder}, x.options());
      at::Tensor latent;
      for (int64_t t = 0; t < glimpses; ++t) {
        auto error = x - canvas.sigmoid();
        auto read = make_window(at::linear(h_dec, rw_w, rw_b), width, height, read_n);
        auto fx = filter(read.gx, read.delta, read.variance, read_n, width);
        auto fy = filter(read.gy, read.delta, read.variance, read_n, height);
        auto gamma = read.gamma.view({-1, 1, 1});
        auto patches = at::cat({(fy.bmm(x).bmm(fx.transpose(1, 2)) * gamma).flatten(1),
                                (fy.bmm(error).bmm(fx.transpose(1, 2)) * gamma).flatten(1)}, 1);
        auto enc = at::lstm_cell(at::cat({patches, h_dec}, 1), {h_enc, c_enc}, enc_wih, enc_whh, enc_bih, enc_bhh);
        h_enc = std::get<0>(enc);
        c_enc = std::get<1>(enc);
        auto mean = at::linear(h_enc, mu_w, mu_b), log_std = at::linear(h_enc, ls_w, ls_b);
        auto z = mean + log_std.exp() * at::randn(mean.sizes(), nt::generator(noise), mean.options());
        auto dec = at::lstm_cell(z, {h_dec, c_dec}, dec_wih, dec_whh, dec_bih, dec_bhh);
        h_dec = std::get<0>(dec);
        c_dec = std::get<1>(dec);
        auto write = make_window(at::linear(h_dec, ww_w, ww_b), width, height, write_n);
        auto wx = filter(write.gx, write.delta, write.variance, write_n, width);
        auto wy = filter(write.gy, write.delta, write.variance, write_n, height);
        auto patch = at::linear(h_dec, w_w, w_b).view({batch, write_n, write_n});
        canvas = canvas + wy.transpose(1, 2).bmm(patch).bmm(wx) / write.gamma.view({-1, 1, 1});
        auto kl = (mean.square() + (log_std * 2).exp() - log_std * 2).sum(1) * 0.5 - mean.size(1) / 2.0;
        latent = latent.defined() ? latent + kl : kl;
      }
      auto reconstruction = at::binary_cross_entropy_with_logits(canvas.view({batch, width * height}), x_flat, {}, {},
                                                                 at::Reduction::None).sum(1).mean();
      auto loss = reconstruction + latent.mean();
      for (auto& parameter : p) parameter.mutable_grad() = at::Tensor();
      loss.backward();
      torch::nn::utils::clip_grad_norm_(p, clip_norm);
      optimizer.step();
      if (step + 1 == steps) *last_loss = loss.item<double>();
    }
    *seconds = seconds_since(start);
  });
}
