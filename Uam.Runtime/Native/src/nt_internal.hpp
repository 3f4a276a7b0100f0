// Internals shared by the shim's translation units: handle types, the error guard, conversions.
#pragma once

#include "pch.hpp"
#include "nt_api.h"

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

struct nt_tensor {
  at::Tensor t;
};

struct nt_tensor_list {
  std::vector<at::Tensor> items;
};

struct nt_generator {
  at::Generator g;
};

namespace nt {

// Thrown by require(): a bad argument that libtorch would not catch (null handle, bad count).
struct argument_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

inline void require(bool condition, const char* message) {
  if (!condition) throw argument_error(message);
}

// The error channel and the handle count are exported (not in the C ABI) for the testing library
// (../testing/), which wraps handles and reports errors through the same channel.
#define NT_SHIM_INTERNAL __attribute__((visibility("default")))

NT_SHIM_INTERNAL void clear_error() noexcept;
NT_SHIM_INTERNAL int32_t fail(int32_t kind, const char* message) noexcept;

NT_SHIM_INTERNAL std::atomic<int64_t>& live_tensor_counter() noexcept;

// Every export runs its whole body inside this guard: nothing thrown escapes to .NET.
template <class Body>
int32_t guard(Body&& body) noexcept {
  clear_error();
  try {
    body();
    return NT_OK;
  } catch (const c10::IndexError& e) {
    return fail(NT_ERR_INDEX, e.what_without_backtrace());
  } catch (const c10::ValueError& e) {
    return fail(NT_ERR_VALUE, e.what_without_backtrace());
  } catch (const c10::TypeError& e) {
    return fail(NT_ERR_TYPE, e.what_without_backtrace());
  } catch (const c10::NotImplementedError& e) {
    return fail(NT_ERR_NOT_IMPLEMENTED, e.what_without_backtrace());
  } catch (const c10::LinAlgError& e) {
    return fail(NT_ERR_LINALG, e.what_without_backtrace());
  } catch (const c10::OutOfMemoryError& e) {
    return fail(NT_ERR_OUT_OF_MEMORY, e.what_without_backtrace());
  } catch (const c10::Error& e) {
    // The CPU allocator reports failure as a plain c10::Error ("DefaultCPUAllocator: can't allocate memory: you
    // tried to allocate N bytes", or "not enough memory"); it is an out-of-memory condition, and its message names
    // the size.
    const char* message = e.what_without_backtrace();
    const bool allocation = std::strstr(message, "DefaultCPUAllocator") != nullptr &&
                            (std::strstr(message, "allocate memory") != nullptr || std::strstr(message, "not enough memory") != nullptr);
    return fail(allocation ? NT_ERR_OUT_OF_MEMORY : NT_ERR_TORCH, message);
  } catch (const argument_error& e) {
    return fail(NT_ERR_ARGUMENT, e.what());
  } catch (const std::bad_alloc&) {
    return fail(NT_ERR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(NT_ERR_STD, e.what());
  } catch (...) {
    return fail(NT_ERR_UNKNOWN, "unknown C++ exception");
  }
}

// A fresh caller-owned handle; undefined tensors become null (status stays NT_OK).
inline nt_tensor* wrap(at::Tensor tensor) {
  if (!tensor.defined()) return nullptr;
  auto* handle = new nt_tensor{std::move(tensor)};
  live_tensor_counter().fetch_add(1, std::memory_order_relaxed);
  return handle;
}

// The common shape of an export with one tensor result: null the out-pointer, then inside the guard
// compute the tensor and hand it over as a fresh handle.
template <class Compute>
int32_t produce(nt_tensor** out, Compute&& compute) noexcept {
  if (out) *out = nullptr;
  return guard([&] {
    require(out != nullptr, "out is null");
    *out = wrap(compute());
  });
}

inline const at::Tensor& get(const nt_tensor* handle) {
  require(handle != nullptr, "tensor handle is null");
  return handle->t;
}

inline at::Tensor& get_mutable(nt_tensor* handle) {
  require(handle != nullptr, "tensor handle is null");
  return handle->t;
}

// Nullable tensor argument → optional (libtorch's "no tensor").
inline c10::optional<at::Tensor> optional(const nt_tensor* handle) {
  if (handle == nullptr) return c10::nullopt;
  return handle->t;
}

inline at::Tensor or_undefined(const nt_tensor* handle) { return handle == nullptr ? at::Tensor() : handle->t; }

inline at::IntArrayRef dims(const int64_t* values, int32_t count) {
  require(count >= 0, "dimension count is negative");
  require(count == 0 || values != nullptr, "dimension array is null");
  return at::IntArrayRef(values, static_cast<size_t>(count));
}

// ndim == 0 means "every dimension": spelled out, because an empty list is ambiguous in ATen 1.13.
inline std::vector<int64_t> reduction_dims(const at::Tensor& t, const int64_t* values, int32_t count) {
  if (count == 0) {
    std::vector<int64_t> all(static_cast<size_t>(t.dim()));
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
    return all;
  }
  auto given = dims(values, count);
  return std::vector<int64_t>(given.begin(), given.end());
}

inline at::Scalar scalar(const nt_scalar& s) {
  switch (s.kind) {
    case NT_SCALAR_REAL: return at::Scalar(s.real);
    case NT_SCALAR_INTEGER: return at::Scalar(s.integer);
    case NT_SCALAR_BOOL: return at::Scalar(s.integer != 0);
    default: throw argument_error("unknown scalar kind");
  }
}

at::ScalarType scalar_type(int32_t code);
at::Device device(int32_t type, int32_t index);
at::TensorOptions tensor_options(const nt_options& options);

// Factories take requires_grad from the options only after creation, so the result is a leaf.
inline at::Tensor with_grad(at::Tensor t, const nt_options& options) {
  if (options.requires_grad) t.set_requires_grad(true);
  return t;
}

inline c10::optional<at::Generator> generator(nt_generator* handle) {
  if (handle == nullptr) return c10::nullopt;
  return handle->g;
}

inline std::vector<at::Tensor> tensors(const nt_tensor* const* items, int32_t count) {
  require(count >= 0, "tensor count is negative");
  require(count == 0 || items != nullptr, "tensor array is null");
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) out.push_back(get(items[i]));
  return out;
}

inline int64_t reduction(int32_t code) {
  require(code >= NT_REDUCTION_NONE && code <= NT_REDUCTION_SUM, "unknown loss reduction");
  return code;
}

}  // namespace nt
