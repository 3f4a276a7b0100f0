// The error channel of liblunar.so: every export runs its body inside guard(), so nothing thrown escapes to .NET.
#pragma once

#include "lunar_api.h"

#include <new>
#include <stdexcept>
#include <string>

namespace lunar {

// A bad argument (null pointer, count or id out of range, non-finite number).
struct argument_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// A call in the wrong state.
struct state_error : std::logic_error {
  using std::logic_error::logic_error;
};

inline void require(bool condition, const char* message) {
  if (!condition) throw argument_error(message);
}

std::string& last_error() noexcept;

inline int32_t fail(int32_t code, const char* message) noexcept {
  try {
    last_error() = message;
  } catch (...) {
    // Out of memory while keeping the message: the code still says what happened.
  }
  return code;
}

template <class Body>
int32_t guard(Body&& body) noexcept {
  last_error().clear();
  try {
    body();
    return LUNAR_OK;
  } catch (const argument_error& e) {
    return fail(LUNAR_ERR_ARGUMENT, e.what());
  } catch (const state_error& e) {
    return fail(LUNAR_ERR_STATE, e.what());
  } catch (const std::bad_alloc&) {
    return fail(LUNAR_ERR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(LUNAR_ERR_STD, e.what());
  } catch (...) {
    return fail(LUNAR_ERR_UNKNOWN, "unknown C++ exception");
  }
}

}  // namespace lunar
