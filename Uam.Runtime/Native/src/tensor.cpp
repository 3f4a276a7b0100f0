// Creation, data in and out, metadata and conversions.
#include "nt_internal.hpp"

using nt::get;
using nt::guard;
using nt::require;
using nt::wrap;

NT_API void nt_tensor_free(nt_tensor* tensor) noexcept {
  if (tensor == nullptr) return;
  delete tensor;
  nt::live_tensor_counter().fetch_sub(1, std::memory_order_relaxed);
}

NT_API int32_t nt_tensor_from_data(const void* data, size_t nbytes, const int64_t* dims, int32_t ndim,
                                   nt_options options, nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    const auto shape = nt::dims(dims, ndim);
    auto cpu = at::empty(shape, at::TensorOptions().dtype(nt::scalar_type(options.dtype)));
    const size_t expected = static_cast<size_t>(cpu.numel()) * cpu.element_size();
    require(nbytes == expected, "byte count does not match shape and dtype");
    require(expected == 0 || data != nullptr, "data pointer is null");
    if (expected > 0) std::memcpy(cpu.data_ptr(), data, expected);
    const auto target = nt::device(options.device_type, options.device_index);
    return nt::with_grad(target.is_cpu() ? cpu : cpu.to(target), options);
  });
}

NT_API int32_t nt_tensor_copy_to(const nt_tensor* tensor, void* destination, size_t nbytes) noexcept {
  return guard([&] {
    const auto cpu = get(tensor).detach().to(at::kCPU).contiguous();
    const size_t expected = static_cast<size_t>(cpu.numel()) * cpu.element_size();
    require(nbytes == expected, "destination size does not match the tensor's byte count");
    require(expected == 0 || destination != nullptr, "destination is null");
    if (expected > 0) std::memcpy(destination, cpu.data_ptr(), expected);
  });
}

NT_API int32_t nt_tensor_empty(const int64_t* dims, int32_t ndim, nt_options options, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return nt::with_grad(at::empty(nt::dims(dims, ndim), nt::tensor_options(options)), options); });
}

NT_API int32_t nt_tensor_full(const int64_t* dims, int32_t ndim, nt_scalar value, nt_options options,
                              nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return nt::with_grad(at::full(nt::dims(dims, ndim), nt::scalar(value), nt::tensor_options(options)), options); });
}

NT_API int32_t nt_tensor_arange(double start, double end, double step, nt_options options, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return nt::with_grad(at::arange(start, end, step, nt::tensor_options(options)), options); });
}

NT_API int32_t nt_tensor_linspace(double start, double end, int64_t steps, nt_options options,
                                  nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return nt::with_grad(at::linspace(start, end, steps, nt::tensor_options(options)), options); });
}

NT_API int32_t nt_tensor_eye(int64_t rows, int64_t columns, nt_options options, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return nt::with_grad(at::eye(rows, columns, nt::tensor_options(options)), options); });
}

NT_API int32_t nt_tensor_shape(const nt_tensor* tensor, int64_t* dims, int32_t capacity, int32_t* ndim) noexcept {
  if (ndim) *ndim = 0;
  return guard([&] {
    require(ndim != nullptr, "ndim is null");
    const auto sizes = get(tensor).sizes();
    *ndim = static_cast<int32_t>(sizes.size());
    if (dims != nullptr && capacity >= *ndim) std::copy(sizes.begin(), sizes.end(), dims);
  });
}

NT_API int32_t nt_tensor_dtype(const nt_tensor* tensor, int32_t* dtype) noexcept {
  if (dtype) *dtype = -1;
  return guard([&] {
    require(dtype != nullptr, "dtype is null");
    *dtype = static_cast<int32_t>(get(tensor).scalar_type());
  });
}

NT_API int32_t nt_tensor_device(const nt_tensor* tensor, int32_t* device_type, int32_t* device_index) noexcept {
  if (device_type) *device_type = -1;
  if (device_index) *device_index = -1;
  return guard([&] {
    require(device_type != nullptr && device_index != nullptr, "device out-pointers are null");
    const auto d = get(tensor).device();
    *device_type = static_cast<int32_t>(d.type());
    *device_index = d.index();
  });
}

NT_API int32_t nt_tensor_to(const nt_tensor* tensor, int32_t dtype, int32_t device_type, int32_t device_index,
                            nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return get(tensor).to(nt::device(device_type, device_index), nt::scalar_type(dtype)); });
}

NT_API int32_t nt_tensor_clone(const nt_tensor* tensor, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return get(tensor).clone(); });
}

NT_API int32_t nt_tensor_contiguous(const nt_tensor* tensor, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return get(tensor).contiguous(); });
}

NT_API int32_t nt_tensor_alias(const nt_tensor* tensor, nt_tensor** out) noexcept {
  return nt::produce(out, [&] { return get(tensor); });
}

NT_API int32_t nt_tensor_copy_(nt_tensor* destination, const nt_tensor* source) noexcept {
  return guard([&] { nt::get_mutable(destination).copy_(get(source)); });
}

NT_API int32_t nt_tensor_fill_(nt_tensor* tensor, nt_scalar value) noexcept {
  return guard([&] { nt::get_mutable(tensor).fill_(nt::scalar(value)); });
}

NT_API int32_t nt_tensor_zero_(nt_tensor* tensor) noexcept {
  return guard([&] { nt::get_mutable(tensor).zero_(); });
}
