// libtorch's own C++ frontend as a reference: torch::optim for optimizer parity tests, and C++-driven
// loops that the binding benchmark compares against. Kept in one unit so only it pays the frontend's
// heavier headers.
#include "nt_internal.hpp"
#include "nt_testing.h"

#include <torch/optim/adam.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>

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
