// Generators, seeding and random ops. A null generator means libtorch's global CPU generator.
#include "nt_internal.hpp"

using nt::get;
using nt::get_mutable;
using nt::guard;
using nt::produce;
using nt::require;

namespace {
at::Generator& checked(nt_generator* handle) {
  require(handle != nullptr, "generator handle is null");
  return handle->g;
}
}  // namespace

NT_API int32_t nt_manual_seed(uint64_t seed) noexcept {
  return guard([&] { at::manual_seed(seed); });
}

NT_API int32_t nt_generator_new(uint64_t seed, nt_generator** out) noexcept {
  if (out) *out = nullptr;
  return guard([&] {
    require(out != nullptr, "out is null");
    *out = new nt_generator{at::detail::createCPUGenerator(seed)};
  });
}

NT_API void nt_generator_free(nt_generator* generator) noexcept { delete generator; }

NT_API int32_t nt_generator_set_seed(nt_generator* generator, uint64_t seed) noexcept {
  return guard([&] {
    auto& g = checked(generator);
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_current_seed(seed);
  });
}

NT_API int32_t nt_generator_get_state(nt_generator* generator, nt_tensor** out) noexcept {
  return produce(out, [&] {
    auto& g = checked(generator);
    std::lock_guard<std::mutex> lock(g.mutex());
    return g.get_state();
  });
}

NT_API int32_t nt_generator_set_state(nt_generator* generator, const nt_tensor* state) noexcept {
  return guard([&] {
    auto& g = checked(generator);
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_state(get(state));
  });
}

NT_API int32_t nt_tensor_randn(const int64_t* dims, int32_t ndim, nt_options options, nt_generator* generator,
                               nt_tensor** out) noexcept {
  return produce(out, [&] {
    return nt::with_grad(at::randn(nt::dims(dims, ndim), nt::generator(generator), nt::tensor_options(options)), options);
  });
}

NT_API int32_t nt_tensor_rand(const int64_t* dims, int32_t ndim, nt_options options, nt_generator* generator,
                              nt_tensor** out) noexcept {
  return produce(out, [&] {
    return nt::with_grad(at::rand(nt::dims(dims, ndim), nt::generator(generator), nt::tensor_options(options)), options);
  });
}

NT_API int32_t nt_tensor_randint(int64_t low, int64_t high, const int64_t* dims, int32_t ndim, nt_options options,
                                 nt_generator* generator, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::randint(low, high, nt::dims(dims, ndim), nt::generator(generator), nt::tensor_options(options));
  });
}

NT_API int32_t nt_tensor_randperm(int64_t n, nt_options options, nt_generator* generator, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::randperm(n, nt::generator(generator), nt::tensor_options(options)); });
}

NT_API int32_t nt_tensor_uniform_(nt_tensor* a, double low, double high, nt_generator* generator) noexcept {
  return guard([&] { get_mutable(a).uniform_(low, high, nt::generator(generator)); });
}

NT_API int32_t nt_tensor_normal_(nt_tensor* a, double mean, double std, nt_generator* generator) noexcept {
  return guard([&] { get_mutable(a).normal_(mean, std, nt::generator(generator)); });
}

NT_API int32_t nt_tensor_bernoulli_(nt_tensor* a, double p, nt_generator* generator) noexcept {
  return guard([&] { get_mutable(a).bernoulli_(p, nt::generator(generator)); });
}

NT_API int32_t nt_tensor_bernoulli(const nt_tensor* probabilities, nt_generator* generator, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::bernoulli(get(probabilities), nt::generator(generator)); });
}

NT_API int32_t nt_tensor_multinomial(const nt_tensor* probabilities, int64_t samples, uint8_t replacement,
                                     nt_generator* generator, nt_tensor** out) noexcept {
  return produce(out, [&] {
    return at::multinomial(get(probabilities), samples, replacement != 0, nt::generator(generator));
  });
}
