/* The whole C ABI of the Uam native shim over libtorch. Compiles as C.
 *
 * Rules:
 *  - every function returns an int32_t status (NT_OK or an NT_ERR_* kind) and writes results through
 *    out-pointers, which it sets to null first; the only exceptions are the few queries below that
 *    cannot fail (abi version, error message, live count, free);
 *  - no C++ exception ever crosses this boundary: the message of a failure is kept in a thread-local
 *    buffer read with nt_last_error_message();
 *  - every nt_tensor* handed out is a fresh handle owned by the caller, released with nt_tensor_free;
 *    a null out-handle with status NT_OK means "undefined tensor" (e.g. a gradient never computed).
 */
#ifndef NT_API_H
#define NT_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define NT_API extern "C" __attribute__((visibility("default")))
#define NT_NOEXCEPT noexcept
#else
#define NT_API __attribute__((visibility("default")))
#define NT_NOEXCEPT
#endif

#define NT_ABI_VERSION 1

enum nt_status {
  NT_OK = 0,
  NT_ERR_ARGUMENT = 1,
  NT_ERR_INDEX = 2,
  NT_ERR_VALUE = 3,
  NT_ERR_TYPE = 4,
  NT_ERR_NOT_IMPLEMENTED = 5,
  NT_ERR_LINALG = 6,
  NT_ERR_OUT_OF_MEMORY = 7,
  NT_ERR_TORCH = 8,
  NT_ERR_STD = 9,
  NT_ERR_UNKNOWN = 10
};

/* Scalar kinds of nt_scalar.kind. */
enum nt_scalar_kind { NT_SCALAR_REAL = 0, NT_SCALAR_INTEGER = 1, NT_SCALAR_BOOL = 2 };

/* Loss reductions, pinned to at::Reduction. */
enum nt_reduction { NT_REDUCTION_NONE = 0, NT_REDUCTION_MEAN = 1, NT_REDUCTION_SUM = 2 };

/* Device types, pinned to c10::DeviceType. */
enum nt_device_type { NT_DEVICE_CPU = 0, NT_DEVICE_CUDA = 1 };

typedef struct nt_tensor nt_tensor;
typedef struct nt_tensor_list nt_tensor_list;
typedef struct nt_process_group nt_process_group;
typedef struct nt_gradient_reducer nt_gradient_reducer;
typedef struct nt_generator nt_generator;

/* A scalar passed by value: `real` when kind is REAL, `integer` otherwise (BOOL: 0 or 1). */
typedef struct nt_scalar {
  double real;
  int64_t integer;
  int32_t kind;
} nt_scalar;

/* Options of a freshly created tensor. dtype uses c10::ScalarType codes. */
typedef struct nt_options {
  int32_t dtype;
  int32_t device_type;
  int32_t device_index;
  uint8_t requires_grad;
} nt_options;

/* ---- runtime.cpp ------------------------------------------------------------------------------ */
NT_API int32_t nt_abi_version(void) NT_NOEXCEPT;
NT_API const char* nt_last_error_message(void) NT_NOEXCEPT;
NT_API int64_t nt_live_tensor_count(void) NT_NOEXCEPT;
NT_API int32_t nt_runtime_info(char* buffer, int32_t capacity, int32_t* needed) NT_NOEXCEPT;
/* libtorch's intra-op threads and, when libtorch uses OpenBLAS, OpenBLAS's threads too. */
NT_API int32_t nt_set_num_threads(int32_t threads) NT_NOEXCEPT;
NT_API int32_t nt_get_num_threads(int32_t* threads) NT_NOEXCEPT;
NT_API int32_t nt_cuda_is_available(uint8_t* available) NT_NOEXCEPT;
NT_API int32_t nt_cuda_device_count(int32_t* count) NT_NOEXCEPT;
NT_API int32_t nt_set_deterministic(uint8_t enabled, uint8_t warn_only) NT_NOEXCEPT;
/* Fixes glibc malloc's mmap and trim thresholds (bytes), turning off their dynamic adjustment. */
NT_API int32_t nt_configure_allocator(int64_t mmap_threshold, int64_t trim_threshold) NT_NOEXCEPT;

/* ---- tensor.cpp: creation, data in and out, metadata ------------------------------------------ */
NT_API void nt_tensor_free(nt_tensor* tensor) NT_NOEXCEPT;
NT_API int32_t nt_tensor_from_data(const void* data, size_t nbytes, const int64_t* dims, int32_t ndim,
                                   nt_options options, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_copy_to(const nt_tensor* tensor, void* destination, size_t nbytes) NT_NOEXCEPT;
NT_API int32_t nt_tensor_empty(const int64_t* dims, int32_t ndim, nt_options options, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_full(const int64_t* dims, int32_t ndim, nt_scalar value, nt_options options,
                              nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_arange(double start, double end, double step, nt_options options, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_linspace(double start, double end, int64_t steps, nt_options options, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_eye(int64_t rows, int64_t columns, nt_options options, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_shape(const nt_tensor* tensor, int64_t* dims, int32_t capacity, int32_t* ndim) NT_NOEXCEPT;
NT_API int32_t nt_tensor_dtype(const nt_tensor* tensor, int32_t* dtype) NT_NOEXCEPT;
NT_API int32_t nt_tensor_device(const nt_tensor* tensor, int32_t* device_type, int32_t* device_index) NT_NOEXCEPT;
NT_API int32_t nt_tensor_to(const nt_tensor* tensor, int32_t dtype, int32_t device_type, int32_t device_index,
                            nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_clone(const nt_tensor* tensor, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_contiguous(const nt_tensor* tensor, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_alias(const nt_tensor* tensor, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_copy_(nt_tensor* destination, const nt_tensor* source) NT_NOEXCEPT;
NT_API int32_t nt_tensor_fill_(nt_tensor* tensor, nt_scalar value) NT_NOEXCEPT;
NT_API int32_t nt_tensor_zero_(nt_tensor* tensor) NT_NOEXCEPT;

/* ---- math.cpp: pointwise, comparisons, reductions, products ----------------------------------- */
#define NT_DECLARE_UNARY(name) NT_API int32_t name(const nt_tensor* a, nt_tensor** out) NT_NOEXCEPT;
NT_DECLARE_UNARY(nt_tensor_neg)
NT_DECLARE_UNARY(nt_tensor_abs)
NT_DECLARE_UNARY(nt_tensor_exp)
NT_DECLARE_UNARY(nt_tensor_log)
NT_DECLARE_UNARY(nt_tensor_log1p)
NT_DECLARE_UNARY(nt_tensor_sqrt)
NT_DECLARE_UNARY(nt_tensor_rsqrt)
NT_DECLARE_UNARY(nt_tensor_square)
NT_DECLARE_UNARY(nt_tensor_reciprocal)
NT_DECLARE_UNARY(nt_tensor_sign)
NT_DECLARE_UNARY(nt_tensor_floor)
NT_DECLARE_UNARY(nt_tensor_sin)
NT_DECLARE_UNARY(nt_tensor_cos)
NT_DECLARE_UNARY(nt_tensor_erf)
NT_DECLARE_UNARY(nt_tensor_relu)
NT_DECLARE_UNARY(nt_tensor_tanh)
NT_DECLARE_UNARY(nt_tensor_sigmoid)
NT_DECLARE_UNARY(nt_tensor_log_sigmoid)
NT_DECLARE_UNARY(nt_tensor_logical_not)
NT_DECLARE_UNARY(nt_tensor_isnan)
NT_DECLARE_UNARY(nt_tensor_isfinite)
#undef NT_DECLARE_UNARY

#define NT_DECLARE_BINARY(name) \
  NT_API int32_t name(const nt_tensor* a, const nt_tensor* b, nt_tensor** out) NT_NOEXCEPT;
NT_DECLARE_BINARY(nt_tensor_mul)
NT_DECLARE_BINARY(nt_tensor_div)
NT_DECLARE_BINARY(nt_tensor_pow)
NT_DECLARE_BINARY(nt_tensor_maximum)
NT_DECLARE_BINARY(nt_tensor_minimum)
NT_DECLARE_BINARY(nt_tensor_eq)
NT_DECLARE_BINARY(nt_tensor_ne)
NT_DECLARE_BINARY(nt_tensor_lt)
NT_DECLARE_BINARY(nt_tensor_le)
NT_DECLARE_BINARY(nt_tensor_gt)
NT_DECLARE_BINARY(nt_tensor_ge)
NT_DECLARE_BINARY(nt_tensor_logical_and)
NT_DECLARE_BINARY(nt_tensor_logical_or)
NT_DECLARE_BINARY(nt_tensor_matmul)
NT_DECLARE_BINARY(nt_tensor_mm)
NT_DECLARE_BINARY(nt_tensor_bmm)
#undef NT_DECLARE_BINARY

#define NT_DECLARE_SCALAR(name) \
  NT_API int32_t name(const nt_tensor* a, nt_scalar b, nt_tensor** out) NT_NOEXCEPT;
NT_DECLARE_SCALAR(nt_tensor_mul_scalar)
NT_DECLARE_SCALAR(nt_tensor_div_scalar)
NT_DECLARE_SCALAR(nt_tensor_pow_scalar)
NT_DECLARE_SCALAR(nt_tensor_rpow_scalar)
NT_DECLARE_SCALAR(nt_tensor_eq_scalar)
NT_DECLARE_SCALAR(nt_tensor_ne_scalar)
NT_DECLARE_SCALAR(nt_tensor_lt_scalar)
NT_DECLARE_SCALAR(nt_tensor_le_scalar)
NT_DECLARE_SCALAR(nt_tensor_gt_scalar)
NT_DECLARE_SCALAR(nt_tensor_ge_scalar)
#undef NT_DECLARE_SCALAR

/* a + alpha * b, and a + alpha * b for a scalar b; subtraction is addition with alpha negated. */
NT_API int32_t nt_tensor_add(const nt_tensor* a, const nt_tensor* b, nt_scalar alpha, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_add_scalar(const nt_tensor* a, nt_scalar b, nt_scalar alpha, nt_tensor** out) NT_NOEXCEPT;
/* b - a for a scalar b. */
NT_API int32_t nt_tensor_rsub_scalar(const nt_tensor* a, nt_scalar b, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_softplus(const nt_tensor* a, double beta, double threshold, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_leaky_relu(const nt_tensor* a, double slope, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_clamp(const nt_tensor* a, double min, uint8_t has_min, double max, uint8_t has_max,
                               nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_where(const nt_tensor* condition, const nt_tensor* a, const nt_tensor* b,
                               nt_tensor** out) NT_NOEXCEPT;

/* In place: each returns only a status; the tensor passed first is modified. */
NT_API int32_t nt_tensor_add_(nt_tensor* a, const nt_tensor* b, nt_scalar alpha) NT_NOEXCEPT;
NT_API int32_t nt_tensor_add_scalar_(nt_tensor* a, nt_scalar b) NT_NOEXCEPT;
NT_API int32_t nt_tensor_mul_(nt_tensor* a, const nt_tensor* b) NT_NOEXCEPT;
NT_API int32_t nt_tensor_mul_scalar_(nt_tensor* a, nt_scalar b) NT_NOEXCEPT;
NT_API int32_t nt_tensor_div_(nt_tensor* a, const nt_tensor* b) NT_NOEXCEPT;
NT_API int32_t nt_tensor_addcmul_(nt_tensor* a, const nt_tensor* b, const nt_tensor* c, nt_scalar value) NT_NOEXCEPT;
NT_API int32_t nt_tensor_addcdiv_(nt_tensor* a, const nt_tensor* b, const nt_tensor* c, nt_scalar value) NT_NOEXCEPT;
/* One Adam step of one parameter, in place: g = grad (+ weight_decay * parameter); exp_avg = beta1 * exp_avg + (1 - beta1) * g;
 * exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * g * g; with max_exp_avg_sq (AMSGrad, nullable) its running maximum is used;
 * parameter += step_size * exp_avg / (sqrt(second moment) / sqrt_bias_correction2 + eps). step_size = -lr / bias_correction1. */
NT_API int32_t nt_optim_adam_update(nt_tensor* parameter, const nt_tensor* grad, nt_tensor* exp_avg, nt_tensor* exp_avg_sq,
                                    nt_tensor* max_exp_avg_sq, double beta1, double beta2, double step_size, double sqrt_bias_correction2,
                                    double eps, double weight_decay) NT_NOEXCEPT;
/* Soft (Polyak) update of each target in place: target = source * source_weight + target * target_weight, pairs of equal
 * shape and dtype (one call for a whole network; the same ops as the binding's per-tensor form). */
NT_API int32_t nt_soft_update(nt_tensor* const* targets, const nt_tensor* const* sources, int32_t count, double source_weight,
                              double target_weight) NT_NOEXCEPT;
NT_API int32_t nt_tensor_lerp_(nt_tensor* a, const nt_tensor* end, nt_scalar weight) NT_NOEXCEPT;
NT_API int32_t nt_tensor_clamp_(nt_tensor* a, double min, uint8_t has_min, double max, uint8_t has_max) NT_NOEXCEPT;
NT_API int32_t nt_tensor_masked_fill_(nt_tensor* a, const nt_tensor* mask, nt_scalar value) NT_NOEXCEPT;

/* Reductions over `dims` (ndim == 0 means every dimension). */
#define NT_DECLARE_REDUCTION(name) \
  NT_API int32_t name(const nt_tensor* a, const int64_t* dims, int32_t ndim, uint8_t keepdim, \
                      nt_tensor** out) NT_NOEXCEPT;
NT_DECLARE_REDUCTION(nt_tensor_sum)
NT_DECLARE_REDUCTION(nt_tensor_mean)
NT_DECLARE_REDUCTION(nt_tensor_logsumexp)
NT_DECLARE_REDUCTION(nt_tensor_amax)
NT_DECLARE_REDUCTION(nt_tensor_amin)
#undef NT_DECLARE_REDUCTION
NT_API int32_t nt_tensor_std(const nt_tensor* a, const int64_t* dims, int32_t ndim, uint8_t unbiased, uint8_t keepdim,
                             nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_var(const nt_tensor* a, const int64_t* dims, int32_t ndim, uint8_t unbiased, uint8_t keepdim,
                             nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_norm(const nt_tensor* a, double p, const int64_t* dims, int32_t ndim, uint8_t keepdim,
                              nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_max_dim(const nt_tensor* a, int64_t dim, uint8_t keepdim, nt_tensor** values,
                                 nt_tensor** indices) NT_NOEXCEPT;
NT_API int32_t nt_tensor_min_dim(const nt_tensor* a, int64_t dim, uint8_t keepdim, nt_tensor** values,
                                 nt_tensor** indices) NT_NOEXCEPT;
/* has_dim == 0: index into the flattened tensor. */
NT_API int32_t nt_tensor_argmax(const nt_tensor* a, int64_t dim, uint8_t has_dim, uint8_t keepdim,
                                nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_argmin(const nt_tensor* a, int64_t dim, uint8_t has_dim, uint8_t keepdim,
                                nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_cumsum(const nt_tensor* a, int64_t dim, nt_tensor** out) NT_NOEXCEPT;

/* ---- shape.cpp: views, joins, indexing -------------------------------------------------------- */
NT_API int32_t nt_tensor_reshape(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_view(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_expand(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_repeat(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_permute(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_flip(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_transpose(const nt_tensor* a, int64_t dim0, int64_t dim1, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_flatten(const nt_tensor* a, int64_t start_dim, int64_t end_dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_squeeze(const nt_tensor* a, int64_t dim, uint8_t has_dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_unsqueeze(const nt_tensor* a, int64_t dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_slice(const nt_tensor* a, int64_t dim, int64_t start, int64_t end, int64_t step,
                               nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_select(const nt_tensor* a, int64_t dim, int64_t index, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_cat(const nt_tensor* const* items, int32_t count, int64_t dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_stack(const nt_tensor* const* items, int32_t count, int64_t dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_split(const nt_tensor* a, int64_t split_size, int64_t dim, nt_tensor_list** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_index_select(const nt_tensor* a, int64_t dim, const nt_tensor* index, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_gather(const nt_tensor* a, int64_t dim, const nt_tensor* index, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_scatter(const nt_tensor* a, int64_t dim, const nt_tensor* index, const nt_tensor* source,
                                 nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_masked_fill(const nt_tensor* a, const nt_tensor* mask, nt_scalar value, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_one_hot(const nt_tensor* indices, int64_t classes, nt_tensor** out) NT_NOEXCEPT;

NT_API int32_t nt_tensor_list_size(const nt_tensor_list* list, int32_t* size) NT_NOEXCEPT;
/* Moves item i out of the list into a fresh handle (null if the item is undefined). */
NT_API int32_t nt_tensor_list_take(nt_tensor_list* list, int32_t index, nt_tensor** out) NT_NOEXCEPT;
NT_API void nt_tensor_list_free(nt_tensor_list* list) NT_NOEXCEPT;

/* ---- nn_functional.cpp: the functional layer -------------------------------------------------- */
NT_API int32_t nt_softmax(const nt_tensor* a, int64_t dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_log_softmax(const nt_tensor* a, int64_t dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_linear(const nt_tensor* input, const nt_tensor* weight, const nt_tensor* bias /* nullable */,
                         nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_nll_loss(const nt_tensor* input, const nt_tensor* target, const nt_tensor* weight /* nullable */,
                           int32_t reduction, int64_t ignore_index, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_cross_entropy(const nt_tensor* input, const nt_tensor* target, const nt_tensor* weight /* nullable */,
                                int32_t reduction, int64_t ignore_index, double label_smoothing,
                                nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_mse_loss(const nt_tensor* input, const nt_tensor* target, int32_t reduction, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_smooth_l1_loss(const nt_tensor* input, const nt_tensor* target, int32_t reduction, double beta,
                                 nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_binary_cross_entropy(const nt_tensor* input, const nt_tensor* target,
                                       const nt_tensor* weight /* nullable */, int32_t reduction,
                                       nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_binary_cross_entropy_with_logits(const nt_tensor* input, const nt_tensor* target,
                                                   const nt_tensor* weight /* nullable */, int32_t reduction,
                                                   nt_tensor** out) NT_NOEXCEPT;
/* stride, padding and dilation are [height, width]. */
NT_API int32_t nt_conv2d(const nt_tensor* input, const nt_tensor* weight, const nt_tensor* bias /* nullable */,
                         const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups,
                         nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_max_pool2d(const nt_tensor* input, const int64_t* kernel, const int64_t* stride,
                             const int64_t* padding, const int64_t* dilation, uint8_t ceil_mode,
                             nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_embedding(const nt_tensor* weight, const nt_tensor* indices, int64_t padding_idx,
                            nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_layer_norm(const nt_tensor* input, const int64_t* normalized_shape, int32_t ndim,
                             const nt_tensor* weight /* nullable */, const nt_tensor* bias /* nullable */, double eps,
                             nt_tensor** out) NT_NOEXCEPT;
/* running_mean/running_var are updated in place when training and not null. */
NT_API int32_t nt_batch_norm(const nt_tensor* input, const nt_tensor* weight, const nt_tensor* bias,
                             nt_tensor* running_mean, nt_tensor* running_var, uint8_t training, double momentum,
                             double eps, nt_tensor** out) NT_NOEXCEPT;
/* Inverted dropout with a mask drawn from `generator` (null: the global generator). */
NT_API int32_t nt_dropout(const nt_tensor* input, double p, uint8_t training, nt_generator* generator,
                          nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_weight_norm(const nt_tensor* v, const nt_tensor* g, int64_t dim, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_rnn_tanh_cell(const nt_tensor* input, const nt_tensor* hx, const nt_tensor* w_ih,
                                const nt_tensor* w_hh, const nt_tensor* b_ih, const nt_tensor* b_hh,
                                nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_gru_cell(const nt_tensor* input, const nt_tensor* hx, const nt_tensor* w_ih, const nt_tensor* w_hh,
                           const nt_tensor* b_ih, const nt_tensor* b_hh, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_lstm_cell(const nt_tensor* input, const nt_tensor* hx, const nt_tensor* cx, const nt_tensor* w_ih,
                            const nt_tensor* w_hh, const nt_tensor* b_ih, const nt_tensor* b_hh, nt_tensor** h_out,
                            nt_tensor** c_out) NT_NOEXCEPT;

/* ---- autograd.cpp ----------------------------------------------------------------------------- */
NT_API int32_t nt_tensor_requires_grad(const nt_tensor* a, uint8_t* out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_set_requires_grad(nt_tensor* a, uint8_t requires_grad) NT_NOEXCEPT;
NT_API int32_t nt_tensor_is_leaf(const nt_tensor* a, uint8_t* out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_detach(const nt_tensor* a, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_retain_grad(nt_tensor* a) NT_NOEXCEPT;
NT_API int32_t nt_tensor_grad(const nt_tensor* a, nt_tensor** out) NT_NOEXCEPT;
/* grad == null makes the gradient undefined again. */
NT_API int32_t nt_tensor_set_grad(nt_tensor* a, const nt_tensor* grad) NT_NOEXCEPT;
NT_API int32_t nt_autograd_backward(const nt_tensor* const* outputs, const nt_tensor* const* grad_outputs,
                                    int32_t count, uint8_t retain_graph, uint8_t create_graph) NT_NOEXCEPT;
NT_API int32_t nt_autograd_grad(const nt_tensor* const* outputs, const nt_tensor* const* grad_outputs,
                                int32_t output_count, const nt_tensor* const* inputs, int32_t input_count,
                                uint8_t retain_graph, uint8_t create_graph, uint8_t allow_unused,
                                nt_tensor_list** out) NT_NOEXCEPT;
NT_API int32_t nt_grad_mode_is_enabled(uint8_t* enabled) NT_NOEXCEPT;
NT_API int32_t nt_grad_mode_set(uint8_t enabled) NT_NOEXCEPT;

/* ---- random.cpp: generators and random ops (generator null = the global one) ----------------- */
NT_API int32_t nt_manual_seed(uint64_t seed) NT_NOEXCEPT;
NT_API int32_t nt_generator_new(uint64_t seed, nt_generator** out) NT_NOEXCEPT;
NT_API void nt_generator_free(nt_generator* generator) NT_NOEXCEPT;
NT_API int32_t nt_generator_set_seed(nt_generator* generator, uint64_t seed) NT_NOEXCEPT;
NT_API int32_t nt_generator_get_state(nt_generator* generator, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_generator_set_state(nt_generator* generator, const nt_tensor* state) NT_NOEXCEPT;
NT_API int32_t nt_tensor_randn(const int64_t* dims, int32_t ndim, nt_options options, nt_generator* generator,
                               nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_rand(const int64_t* dims, int32_t ndim, nt_options options, nt_generator* generator,
                              nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_randint(int64_t low, int64_t high, const int64_t* dims, int32_t ndim, nt_options options,
                                 nt_generator* generator, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_randperm(int64_t n, nt_options options, nt_generator* generator, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_uniform_(nt_tensor* a, double low, double high, nt_generator* generator) NT_NOEXCEPT;
NT_API int32_t nt_tensor_normal_(nt_tensor* a, double mean, double std, nt_generator* generator) NT_NOEXCEPT;
NT_API int32_t nt_tensor_bernoulli_(nt_tensor* a, double p, nt_generator* generator) NT_NOEXCEPT;
NT_API int32_t nt_tensor_bernoulli(const nt_tensor* probabilities, nt_generator* generator, nt_tensor** out) NT_NOEXCEPT;
NT_API int32_t nt_tensor_multinomial(const nt_tensor* probabilities, int64_t samples, uint8_t replacement,
                                     nt_generator* generator, nt_tensor** out) NT_NOEXCEPT;

/* ---- regularity.cpp: the fused regularity normalizer (a custom autograd function) ------------- */
/* How the log-sum-exp groups elements: all of them, per column (feature) or per row (sample). */
enum nt_regularity_layout { NT_REGULARITY_ALL = 0, NT_REGULARITY_PER_COLUMN = 1, NT_REGULARITY_PER_ROW = 2 };
enum nt_regularity_pooling { NT_REGULARITY_POOL_PAPER = 0, NT_REGULARITY_POOL_EXACT = 1 };

typedef struct nt_regularity_config {
  int32_t layout;
  int32_t pooling;
  uint8_t shared_comp;           /* 1: one COMP accumulating the whole call; 0: one COMP per group */
  uint8_t training;              /* pool the batch into the statistics and update COMP */
  uint8_t size_normalized;       /* log-mean instead of log-sum densities (batch-size independent) */
  uint8_t constant_gain;         /* gradients treat the code length as a constant */
  uint8_t apply;                 /* multiply the input; 0: probe only (y is the input) */
  uint8_t allow_empty_inference; /* inference on an empty state uses the batch's own statistics */
  double std_floor;              /* sigma = max(sigma, floor); 0 disables it */
} nt_regularity_config;

/* Running Gaussian statistics of a slot; count 0 means no history. Updated in place when training. */
typedef struct nt_regularity_state {
  double mean;
  double std;
  int64_t count;
} nt_regularity_state;

/* x: float32/float64 CPU [rows, cols] (layout ALL: any shape); log_prior: null or log s with x's shape
 * (layout ALL only); comp: float64 COMP before the call, one value (shared) or one per group.
 * Out: y (differentiable in x), code_length (float64: [] for ALL, [cols], [rows]), comp_new (comp's shape). */
NT_API int32_t nt_regularity_forward(const nt_tensor* x, const nt_tensor* log_prior, const nt_tensor* comp,
                                     nt_regularity_config config, nt_regularity_state* state, nt_tensor** y,
                                     nt_tensor** code_length, nt_tensor** comp_new) NT_NOEXCEPT;

/* Test-only switches of the fused kernel, process-wide, for the property suites: they must never be set
 * outside tests. force_generic: 1 runs the generic float32 loops even where AVX2+FMA is available, so both
 * are tested on any machine. mutant: one deliberate bug (nt_regularity_mutant) that the suites must catch. */
enum nt_regularity_mutant {
  NT_REGULARITY_MUTANT_NONE = 0,
  NT_REGULARITY_MUTANT_CODE_LENGTH_FROM_COMP_BEFORE = 1, /* training l = COMP_prev − S (wrong side of the update) */
  NT_REGULARITY_MUTANT_BACKWARD_DROPS_SIGMA_SLOPE = 2,   /* backward omits the a·(x − m_b) part of dσ/dx */
  NT_REGULARITY_MUTANT_BACKWARD_DROPS_MEAN_TERM = 3,     /* backward omits the path through μ */
  NT_REGULARITY_MUTANT_NEGATED_OUTPUT = 4,               /* y = −l·x */
  NT_REGULARITY_MUTANT_EXACT_POOLING_DROPS_MEANS = 5     /* exact pooling without the between-means term */
};
NT_API int32_t nt_regularity_set_test_switches(int32_t force_generic, int32_t mutant) NT_NOEXCEPT;
/* Whether the float32 loops in use are the AVX2+FMA ones (1) or the generic ones (0). */
NT_API int32_t nt_regularity_float_kernel_is_avx2(int32_t* avx2) NT_NOEXCEPT;

/* ---- distributed.cpp: process groups for data-parallel training (c10d's TCP store and Gloo) ---- */
/* Joins the group of `world_size` processes whose rank 0 serves the rendezvous store at host:port (rank 0
 * listens there; the others connect). Every call below is collective: each rank must make it, in the same
 * order. timeout_ms bounds the rendezvous and every collective: a rank that dies makes the others fail
 * with an error instead of waiting for ever. */
NT_API int32_t nt_process_group_new(const char* host, uint16_t port, int32_t rank, int32_t world_size, int64_t timeout_ms,
                                    nt_process_group** out) NT_NOEXCEPT;
NT_API void nt_process_group_free(nt_process_group* group) NT_NOEXCEPT;
/* How an all-reduce combines the ranks' tensors (pinned to ReduceOperation in the interop). */
enum { NT_REDUCE_SUM = 0, NT_REDUCE_MAX = 1, NT_REDUCE_MIN = 2 };
/* In place: every rank's tensor becomes the element-wise sum (maximum, minimum) over the ranks (dense, contiguous CPU tensors). */
NT_API int32_t nt_process_group_all_reduce(nt_process_group* group, nt_tensor* tensor, int32_t op) NT_NOEXCEPT;
/* A new [world_size, ...shape] tensor whose row r is rank r's tensor (same shape and type on every rank). */
NT_API int32_t nt_process_group_all_gather(nt_process_group* group, const nt_tensor* tensor, nt_tensor** out) NT_NOEXCEPT;
/* A new tensor, the sum of every rank's tensor, differentiable: its backward all-reduces the incoming gradient (the
 * gradient of a quantity every rank's loss shares). Non-differentiable input gives a plain sum. */
NT_API int32_t nt_process_group_sum_over_ranks(nt_process_group* group, const nt_tensor* tensor, nt_tensor** out) NT_NOEXCEPT;
/* In place: every rank's tensor becomes root's. */
NT_API int32_t nt_process_group_broadcast(nt_process_group* group, nt_tensor* tensor, int32_t root) NT_NOEXCEPT;
NT_API int32_t nt_process_group_barrier(nt_process_group* group) NT_NOEXCEPT;
/* Averages the parameters' gradients over the ranks in buckets of at most bucket_bytes (reverse parameter order), each
 * all-reduced asynchronously as soon as the backward has accumulated all its gradients (hooks on the parameters'
 * gradient-accumulation nodes), in the same order on every rank. After each backward, finish waits for the buckets and
 * writes the averages into the gradients; launched_in_backward (may be null) receives how many buckets the backward
 * launched itself. Every parameter must get a gradient in every backward. The parameters must stay the same tensors. */
NT_API int32_t nt_gradient_reducer_new(nt_process_group* group, const nt_tensor* const* parameters, int32_t count,
                                       int64_t bucket_bytes, nt_gradient_reducer** out) NT_NOEXCEPT;
NT_API void nt_gradient_reducer_free(nt_gradient_reducer* reducer) NT_NOEXCEPT;
NT_API int32_t nt_gradient_reducer_finish(nt_gradient_reducer* reducer, int64_t* launched_in_backward) NT_NOEXCEPT;

#endif /* NT_API_H */
