/* The testing library of the shim (libnt_testing.so): exports for tests, benchmarks and references that
 * users do not need. Built beside libnt.so from the repository, never shipped in the package. It links to
 * libnt.so and shares its error channel and handle count, so its handles are ordinary nt_tensor handles. */
#ifndef NT_TESTING_H
#define NT_TESTING_H

#include "nt_api.h"

/* Throws a C++ exception of the given kind inside the guard (0 c10::Error, 1 IndexError, 2 ValueError,
 * 3 bad_alloc, 4 runtime_error, 5 a non-exception), to test the error mapping. */
NT_API int32_t nt_test_throw(int32_t kind) NT_NOEXCEPT;

/* ---- reference.cpp: libtorch's own C++ frontend, as a reference for tests and benchmarks ---- */
enum nt_reference_optimizer { NT_REFERENCE_SGD = 0, NT_REFERENCE_ADAM = 1, NT_REFERENCE_RMSPROP = 2 };
/* Runs `steps` steps of torch::optim on parameter `p` (float64) minimising
 * sum(tanh(p) * weights) + 0.5 * sum(p^2) * curvature, and returns the parameter after them.
 * options: SGD {lr, momentum, dampening, weight_decay, nesterov}; Adam {lr, beta1, beta2, eps,
 * weight_decay, amsgrad}; RMSprop {lr, alpha, eps, weight_decay, momentum, centered}. */
NT_API int32_t nt_reference_optimizer_run(int32_t kind, const double* options, int32_t option_count,
                                          const nt_tensor* initial, const nt_tensor* weights, double curvature,
                                          int32_t steps, nt_tensor** out) NT_NOEXCEPT;
/* Times `iterations` of a + b inside C++ (handles created and freed as the binding would). */
NT_API int32_t nt_bench_add_loop(const nt_tensor* a, const nt_tensor* b, int64_t iterations,
                                 double* seconds) NT_NOEXCEPT;
/* Times `steps` SGD training steps of an MLP (linear + relu layers, log-softmax, NLL) driven from C++
 * with torch::optim::SGD. weights/biases: `layers` of each, updated in place. */
NT_API int32_t nt_bench_mlp_train(const nt_tensor* input, const nt_tensor* target, nt_tensor* const* weights,
                                  nt_tensor* const* biases, int32_t layers, double learning_rate, double momentum,
                                  int32_t steps, double* seconds, double* last_loss) NT_NOEXCEPT;
/* Times `steps` DQN learning steps driven from C++ (the step of Uam.Experiments' DqnAgent.Learn): TD targets
 * r + gamma * max Q_target(s') * (1 - done) without gradient, MSE on Q_local(s)[a], torch::optim::Adam(learning_rate)
 * created per call, soft update target <- tau * local + (1 - tau) * target. local/target: 2 * layers tensors (weight,
 * bias per linear layer, relu between), updated in place. */
NT_API int32_t nt_bench_dqn_learn(const float* states, const int64_t* actions, const float* rewards, const float* next_states,
                                  const int32_t* dones, int32_t batch, int32_t features, nt_tensor* const* local,
                                  nt_tensor* const* target, int32_t layers, double gamma, double tau, double learning_rate,
                                  int32_t steps, double* seconds, double* last_loss) NT_NOEXCEPT;
/* Times `steps` DRAW training steps driven from C++ (the step of Uam.Experiments' DrawTrainer with the DRAW paper's
 * filterbank and no normalizer): T glimpses of filterbank read, encoder LSTM cell, reparameterised latent with noise
 * from `noise`, decoder LSTM cell and filterbank write; the summed binary cross-entropy of the canvas plus the exact KL,
 * averaged over the batch; torch::optim::Adam(learning_rate, betas) created per call; gradients clipped to the global
 * norm `clip_norm`. parameters: the binding's 18 tensors in its order, updated in place. shape: {T, width, height,
 * read N, write N}. */
NT_API int32_t nt_bench_draw_train(const nt_tensor* images, nt_tensor* const* parameters, int32_t parameter_count,
                                   nt_generator* noise, const int32_t* shape, double learning_rate, double beta1, double beta2,
                                   double clip_norm, int32_t steps, double* seconds, double* last_loss) NT_NOEXCEPT;

#endif /* NT_TESTING_H */
