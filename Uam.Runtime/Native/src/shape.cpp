// Views, joins, indexing, and the tensor-list handle.
#include "nt_internal.hpp"

using nt::get;
using nt::guard;
using nt::produce;
using nt::require;

NT_API int32_t nt_tensor_reshape(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).reshape(nt::dims(dims, ndim)); });
}

NT_API int32_t nt_tensor_view(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).view(nt::dims(dims, ndim)); });
}

NT_API int32_t nt_tensor_expand(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).expand(nt::dims(dims, ndim)); });
}

NT_API int32_t nt_tensor_repeat(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).repeat(nt::dims(dims, ndim)); });
}

NT_API int32_t nt_tensor_permute(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).permute(nt::dims(dims, ndim)); });
}

NT_API int32_t nt_tensor_flip(const nt_tensor* a, const int64_t* dims, int32_t ndim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).flip(nt::dims(dims, ndim)); });
}

NT_API int32_t nt_tensor_transpose(const nt_tensor* a, int64_t dim0, int64_t dim1, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).transpose(dim0, dim1); });
}

NT_API int32_t nt_tensor_flatten(const nt_tensor* a, int64_t start_dim, int64_t end_dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).flatten(start_dim, end_dim); });
}

NT_API int32_t nt_tensor_squeeze(const nt_tensor* a, int64_t dim, uint8_t has_dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return has_dim ? get(a).squeeze(dim) : get(a).squeeze(); });
}

NT_API int32_t nt_tensor_unsqueeze(const nt_tensor* a, int64_t dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).unsqueeze(dim); });
}

NT_API int32_t nt_tensor_slice(const nt_tensor* a, int64_t dim, int64_t start, int64_t end, int64_t step,
                               nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).slice(dim, start, end, step); });
}

NT_API int32_t nt_tensor_select(const nt_tensor* a, int64_t dim, int64_t index, nt_tensor** out) noexcept {
  return produce(out, [&] { return get(a).select(dim, index); });
}

NT_API int32_t nt_tensor_cat(const nt_tensor* const* items, int32_t count, int64_t dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::cat(nt::tensors(items, count), dim); });
}

NT_API int32_t nt_tensor_stack(const nt_tensor* const* items, int32_t count, int64_t dim, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::stack(nt::tensors(items, count), dim); });
}

NT_API int32_t nt_tensor_split(const nt_tensor* a, int64_t split_size, int64_t dim, nt_tensor_list** out) noexcept {
  if (out) *out = nullptr;
  return guard([&] {
    require(out != nullptr, "out is null");
    *out = new nt_tensor_list{get(a).split(split_size, dim)};
  });
}

NT_API int32_t nt_tensor_index_select(const nt_tensor* a, int64_t dim, const nt_tensor* index,
                                      nt_tensor** out) noexcept {
  return produce(out, [&] { return at::index_select(get(a), dim, get(index)); });
}

NT_API int32_t nt_tensor_gather(const nt_tensor* a, int64_t dim, const nt_tensor* index, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::gather(get(a), dim, get(index)); });
}

NT_API int32_t nt_tensor_scatter(const nt_tensor* a, int64_t dim, const nt_tensor* index, const nt_tensor* source,
                                 nt_tensor** out) noexcept {
  return produce(out, [&] { return at::scatter(get(a), dim, get(index), get(source)); });
}

NT_API int32_t nt_tensor_masked_fill(const nt_tensor* a, const nt_tensor* mask, nt_scalar value,
                                     nt_tensor** out) noexcept {
  return produce(out, [&] { return at::masked_fill(get(a), get(mask), nt::scalar(value)); });
}

NT_API int32_t nt_tensor_one_hot(const nt_tensor* indices, int64_t classes, nt_tensor** out) noexcept {
  return produce(out, [&] { return at::one_hot(get(indices), classes); });
}

NT_API int32_t nt_tensor_list_size(const nt_tensor_list* list, int32_t* size) noexcept {
  if (size) *size = 0;
  return guard([&] {
    require(list != nullptr && size != nullptr, "list or size is null");
    *size = static_cast<int32_t>(list->items.size());
  });
}

NT_API int32_t nt_tensor_list_take(nt_tensor_list* list, int32_t index, nt_tensor** out) noexcept {
  return produce(out, [&] {
    require(list != nullptr, "list is null");
    require(index >= 0 && static_cast<size_t>(index) < list->items.size(), "list index out of range");
    return std::move(list->items[static_cast<size_t>(index)]);
  });
}

NT_API void nt_tensor_list_free(nt_tensor_list* list) noexcept { delete list; }
