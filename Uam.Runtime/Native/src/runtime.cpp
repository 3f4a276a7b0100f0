// Versions, threads, devices, the error slot and the live-handle counter.
#include "nt_internal.hpp"

#include <dlfcn.h>

#include <ATen/core/Reduction.h>
#include <ATen/Version.h>
#include <torch/version.h>

#include <malloc.h>

#include <new>
#include <sstream>

// Codes shared with C# (Uam.Runtime/Tensors/ScalarType.cs, Device.cs, Reduction.cs): a change in
// libtorch's enums must fail the build instead of corrupting data.
static_assert(static_cast<int>(c10::ScalarType::Byte) == 0, "UInt8 code");
static_assert(static_cast<int>(c10::ScalarType::Char) == 1, "Int8 code");
static_assert(static_cast<int>(c10::ScalarType::Short) == 2, "Int16 code");
static_assert(static_cast<int>(c10::ScalarType::Int) == 3, "Int32 code");
static_assert(static_cast<int>(c10::ScalarType::Long) == 4, "Int64 code");
static_assert(static_cast<int>(c10::ScalarType::Half) == 5, "Float16 code");
static_assert(static_cast<int>(c10::ScalarType::Float) == 6, "Float32 code");
static_assert(static_cast<int>(c10::ScalarType::Double) == 7, "Float64 code");
static_assert(static_cast<int>(c10::ScalarType::Bool) == 11, "Bool code");
static_assert(static_cast<int>(c10::ScalarType::BFloat16) == 15, "BFloat16 code");
static_assert(static_cast<int>(c10::DeviceType::CPU) == NT_DEVICE_CPU, "CPU code");
static_assert(static_cast<int>(c10::DeviceType::CUDA) == NT_DEVICE_CUDA, "CUDA code");
static_assert(static_cast<int>(at::Reduction::None) == static_cast<int>(NT_REDUCTION_NONE), "reduction none");
static_assert(static_cast<int>(at::Reduction::Mean) == static_cast<int>(NT_REDUCTION_MEAN), "reduction mean");
static_assert(static_cast<int>(at::Reduction::Sum) == static_cast<int>(NT_REDUCTION_SUM), "reduction sum");

namespace nt {
namespace {
constexpr size_t kErrorCapacity = 4096;
// Fixed-size and thread-local, so recording an error can neither throw nor allocate.
thread_local char error_message[kErrorCapacity] = {0};
std::atomic<int64_t> live_tensors{0};
}  // namespace

void clear_error() noexcept { error_message[0] = '\0'; }

int32_t fail(int32_t kind, const char* message) noexcept {
  if (message == nullptr) message = "(no message)";
  std::strncpy(error_message, message, kErrorCapacity - 1);
  error_message[kErrorCapacity - 1] = '\0';
  return kind;
}

std::atomic<int64_t>& live_tensor_counter() noexcept { return live_tensors; }

at::ScalarType scalar_type(int32_t code) {
  switch (code) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 11: case 15:
      return static_cast<at::ScalarType>(code);
    default:
      throw argument_error("unsupported dtype code");
  }
}

at::Device device(int32_t type, int32_t index) {
  require(type == NT_DEVICE_CPU || type == NT_DEVICE_CUDA, "unsupported device type");
  require(index >= -1, "device index must be -1 (current) or non-negative");
  return at::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

at::TensorOptions tensor_options(const nt_options& options) {
  return at::TensorOptions()
      .dtype(scalar_type(options.dtype))
      .device(device(options.device_type, options.device_index));
}

}  // namespace nt

NT_API int32_t nt_abi_version(void) noexcept { return NT_ABI_VERSION; }

NT_API const char* nt_last_error_message(void) noexcept { return nt::error_message; }

NT_API int64_t nt_live_tensor_count(void) noexcept { return nt::live_tensors.load(std::memory_order_relaxed); }

NT_API int32_t nt_runtime_info(char* buffer, int32_t capacity, int32_t* needed) noexcept {
  if (needed) *needed = 0;
  return nt::guard([&] {
    nt::require(needed != nullptr, "needed is null");
    std::ostringstream info;
    info << "libtorch " << TORCH_VERSION << " (shim ABI " << NT_ABI_VERSION << ", built " << __DATE__ << ")\n"
         << "cuda available: " << (at::hasCUDA() ? "yes" : "no") << "\n"
         << at::get_parallel_info();
    const std::string text = info.str();
    *needed = static_cast<int32_t>(text.size() + 1);
    if (buffer != nullptr && capacity > 0) {
      const size_t n = std::min(text.size(), static_cast<size_t>(capacity - 1));
      std::memcpy(buffer, text.data(), n);
      buffer[n] = '\0';
    }
  });
}

namespace {

// OpenBLAS (libopenblas0-pthread) keeps a thread pool of its own, sized from OPENBLAS_NUM_THREADS or the core count
// when it loads, and the number of its threads changes the summation order of matrix products: one imbalanced run gave
// 17.34 % test error with two OpenBLAS threads and 17.37 % with one. So the thread count is OpenBLAS's too, and a
// result depends on --threads only, not on whether it ran in a worker process or alone.
void set_blas_threads(int32_t threads) noexcept {
  for (const char* name : {"libblas.so.3", "libopenblas.so.0"}) {
    void* library = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);  // only if libtorch loaded it
    if (library == nullptr) continue;
    auto set = reinterpret_cast<void (*)(int)>(dlsym(library, "openblas_set_num_threads"));
    dlclose(library);  // drops the reference this dlopen took; libtorch's remains
    if (set != nullptr) {
      set(threads);
      return;
    }
  }
}

}  // namespace

NT_API int32_t nt_set_num_threads(int32_t threads) noexcept {
  return nt::guard([&] {
    nt::require(threads > 0, "thread count must be positive");
    at::set_num_threads(threads);
    set_blas_threads(threads);
  });
}

NT_API int32_t nt_get_num_threads(int32_t* threads) noexcept {
  if (threads) *threads = 0;
  return nt::guard([&] {
    nt::require(threads != nullptr, "threads is null");
    *threads = at::get_num_threads();
  });
}

NT_API int32_t nt_cuda_is_available(uint8_t* available) noexcept {
  if (available) *available = 0;
  return nt::guard([&] {
    nt::require(available != nullptr, "available is null");
    *available = at::hasCUDA() ? 1 : 0;
  });
}

NT_API int32_t nt_cuda_device_count(int32_t* count) noexcept {
  if (count) *count = 0;
  return nt::guard([&] {
    nt::require(count != nullptr, "count is null");
    *count = at::hasCUDA() ? static_cast<int32_t>(at::getNumGPUs()) : 0;
  });
}

NT_API int32_t nt_set_deterministic(uint8_t enabled, uint8_t warn_only) noexcept {
  return nt::guard([&] { at::globalContext().setDeterministicAlgorithms(enabled != 0, warn_only != 0); });
}

NT_API int32_t nt_configure_allocator(int64_t mmap_threshold, int64_t trim_threshold) noexcept {
  return nt::guard([&] {
    nt::require(mmap_threshold > 0 && mmap_threshold <= INT32_MAX && trim_threshold > 0 && trim_threshold <= INT32_MAX,
                "allocator thresholds must be positive 32-bit byte counts");
    nt::require(mallopt(M_MMAP_THRESHOLD, static_cast<int>(mmap_threshold)) == 1, "mallopt(M_MMAP_THRESHOLD) failed");
    nt::require(mallopt(M_TRIM_THRESHOLD, static_cast<int>(trim_threshold)) == 1, "mallopt(M_TRIM_THRESHOLD) failed");
  });
}

