/* Calls the shim through its C header alone: proves the ABI is plain C, that a libtorch failure comes
 * back as a status with libtorch's message (not a crash), and that handles are counted. */
#include "nt_api.h"
#include "nt_testing.h"

#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                  \
    }                                                            \
  } while (0)

int main(void) {
  CHECK(nt_abi_version() == NT_ABI_VERSION);
  const int64_t base = nt_live_tensor_count();
  nt_options f32 = {6, NT_DEVICE_CPU, -1, 0};
  const int64_t left_dims[] = {2, 3};
  const int64_t right_dims[] = {2, 3};
  nt_tensor* left = NULL;
  nt_tensor* right = NULL;
  CHECK(nt_tensor_randn(left_dims, 2, f32, NULL, &left) == NT_OK);
  CHECK(nt_tensor_randn(right_dims, 2, f32, NULL, &right) == NT_OK);
  CHECK(nt_live_tensor_count() == base + 2);

  nt_tensor* product = (nt_tensor*)1;
  const int32_t status = nt_tensor_matmul(left, right, &product);
  CHECK(status == NT_ERR_TORCH);
  CHECK(product == NULL);
  CHECK(strstr(nt_last_error_message(), "cannot be multiplied") != NULL);

  CHECK(nt_test_throw(3) == NT_ERR_OUT_OF_MEMORY);
  CHECK(nt_test_throw(5) == NT_ERR_UNKNOWN);
  CHECK(nt_test_throw(4) == NT_ERR_STD);
  CHECK(strstr(nt_last_error_message(), "std::runtime_error") != NULL);  /* one channel across both libraries */
  CHECK(nt_tensor_matmul(NULL, right, &product) == NT_ERR_ARGUMENT);

  nt_tensor_free(left);
  nt_tensor_free(right);
  nt_tensor_free(NULL);
  CHECK(nt_live_tensor_count() == base);
  puts("abi smoke: ok");
  return 0;
}
