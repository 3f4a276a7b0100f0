// An export that throws each kind of C++ exception inside the guard, for the tests of the error mapping.
#include "nt_internal.hpp"
#include "nt_testing.h"

NT_API int32_t nt_test_throw(int32_t kind) noexcept {
  return nt::guard([&] {
    switch (kind) {
      case 0: TORCH_CHECK(false, "test: a c10::Error");
      case 1: TORCH_CHECK_INDEX(false, "test: a c10::IndexError");
      case 2: TORCH_CHECK_VALUE(false, "test: a c10::ValueError");
      case 3: throw std::bad_alloc();
      case 4: throw std::runtime_error("test: a std::runtime_error");
      case 5: throw 42;  // not an exception class at all
      default: nt::require(false, "test: unknown kind");
    }
  });
}
