// Process groups for data-parallel training: c10d's TCP rendezvous store and its Gloo process group, which
// Debian's libtorch exports (the Gloo headers come from libgloo-dev; USE_C10D_GLOO is set for this file only).
#include "nt_internal.hpp"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

using nt::get_mutable;
using nt::guard;
using nt::require;

struct nt_process_group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
  int32_t world_size;
};

namespace {
c10d::ProcessGroupGloo& checked(nt_process_group* handle) {
  require(handle != nullptr, "process group handle is null");
  return *handle->group;
}

at::Tensor& collective_tensor(nt_tensor* handle) {
  auto& t = get_mutable(handle);
  require(t.device().is_cpu(), "collectives take CPU tensors");
  require(t.is_contiguous(), "collectives take contiguous tensors");
  return t;
}

// Waits for a collective; a failure (a peer that died, hung or left; a timeout) becomes an error that says which rank
// saw it in which collective, and what it usually means.
void finish(const c10::intrusive_ptr<c10d::Work>& work, c10d::ProcessGroupGloo& group, const char* what) {
  try {
    work->wait();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(what) + " on rank " + std::to_string(group.getRank()) + " of " +
                             std::to_string(group.getSize()) + " failed: " + e.what() +
                             " — a peer rank has died, hung or left the job, or the ranks did not make the same collectives in the "
                             "same order");
  }
}

c10d::ReduceOp reduce_op(int32_t op) {
  switch (op) {
    case NT_REDUCE_SUM: return c10d::ReduceOp::SUM;
    case NT_REDUCE_MAX: return c10d::ReduceOp::MAX;
    case NT_REDUCE_MIN: return c10d::ReduceOp::MIN;
    default: throw std::invalid_argument("unknown reduce operation");
  }
}

// A new tensor holding the sum of every rank's `input` (the input is not changed).
at::Tensor all_reduce_copy(c10d::ProcessGroupGloo& group, const at::Tensor& input) {
  std::vector<at::Tensor> tensors{input.detach().clone(at::MemoryFormat::Contiguous)};
  finish(group.allreduce(tensors), group, "sum over ranks");
  return tensors[0];
}

// The sum over the ranks as an autograd node. The global quantity s = Σ_r h(x_r) feeds every rank's loss, so the
// gradient reaching x_r through it is Σ_q ∂L_q/∂s: the backward is the same all-reduce of the incoming gradients
// (as SyncBatchNorm's). The group travels with the graph in a capsule, so the graph keeps it alive; every rank must
// run its backward through the same nodes in the same order, as every rank runs the same forward.
struct SumOverRanks : torch::autograd::Function<SumOverRanks> {
  static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input,
                                                c10::intrusive_ptr<c10d::ProcessGroupGloo> group) {
    ctx->saved_data["group"] = c10::IValue::make_capsule(group);
    return {all_reduce_copy(*group, input)};
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto group = c10::static_intrusive_pointer_cast<c10d::ProcessGroupGloo>(ctx->saved_data["group"].toCapsule());
    const at::Tensor grad = grads[0].defined() ? grads[0] : at::Tensor();
    require(grad.defined(), "sum over ranks: the backward reached a rank without a gradient");
    return {all_reduce_copy(*group, grad), at::Tensor()};
  }
};
}  // namespace

NT_API int32_t nt_process_group_new(const char* host, uint16_t port, int32_t rank, int32_t world_size, int64_t timeout_ms,
                                    nt_process_group** out) noexcept {
  if (out) *out = nullptr;
  return guard([&] {
    require(out != nullptr, "out is null");
    require(host != nullptr && *host != '\0', "host is empty");
    require(world_size >= 1, "world_size must be at least 1");
    require(rank >= 0 && rank < world_size, "rank must lie in 0 … world_size − 1");
    require(timeout_ms > 0, "timeout_ms must be positive");
    std::chrono::milliseconds timeout(timeout_ms);
    c10d::TCPStoreOptions options;
    options.port = port;
    options.isServer = rank == 0;
    options.numWorkers = world_size;
    options.waitWorkers = true;
    options.timeout = timeout;
    auto store = c10::make_intrusive<c10d::TCPStore>(std::string(host), options);
    auto group_options = c10d::ProcessGroupGloo::Options::create(timeout);
    group_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(host));
    auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, world_size, group_options);
    *out = new nt_process_group{store, group, world_size};
  });
}

NT_API void nt_process_group_free(nt_process_group* group) noexcept {
  try {
    delete group;
  } catch (...) {
    // A destructor that throws (a peer gone mid-teardown) must not cross into .NET; the memory is lost.
  }
}

NT_API int32_t nt_process_group_all_reduce(nt_process_group* group, nt_tensor* tensor, int32_t op) noexcept {
  return guard([&] {
    auto& g = checked(group);
    std::vector<at::Tensor> tensors{collective_tensor(tensor)};
    finish(g.allreduce(tensors, c10d::AllreduceOptions{reduce_op(op)}), g, "all-reduce");
  });
}

NT_API int32_t nt_process_group_all_gather(nt_process_group* group, const nt_tensor* tensor, nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    auto& g = checked(group);
    const auto& input = nt::get(tensor);
    require(input.device().is_cpu(), "collectives take CPU tensors");
    at::Tensor local = input.contiguous();
    // One [world, ...] result whose rows are the ranks' inputs, gathered straight into its slices.
    std::vector<int64_t> shape{group->world_size};
    shape.insert(shape.end(), local.sizes().begin(), local.sizes().end());
    at::Tensor result = at::empty(shape, local.options());
    std::vector<std::vector<at::Tensor>> outputs(1);
    for (int32_t r = 0; r < group->world_size; ++r) outputs[0].push_back(result[r]);
    std::vector<at::Tensor> inputs{local};
    finish(g.allgather(outputs, inputs), g, "all-gather");
    return result;
  });
}

NT_API int32_t nt_process_group_sum_over_ranks(nt_process_group* group, const nt_tensor* tensor, nt_tensor** out) noexcept {
  return nt::produce(out, [&] {
    checked(group);
    const auto& input = nt::get(tensor);
    require(input.device().is_cpu(), "collectives take CPU tensors");
    if (!(input.requires_grad() && c10::GradMode::is_enabled())) return all_reduce_copy(*group->group, input);
    return SumOverRanks::apply(input, group->group)[0];
  });
}

NT_API int32_t nt_process_group_broadcast(nt_process_group* group, nt_tensor* tensor, int32_t root) noexcept {
  return guard([&] {
    auto& g = checked(group);
    require(root >= 0 && root < group->world_size, "root must be a rank of the group");
    std::vector<at::Tensor> tensors{collective_tensor(tensor)};
    c10d::BroadcastOptions options;
    options.rootRank = root;
    finish(g.broadcast(tensors, options), g, "broadcast");
  });
}

NT_API int32_t nt_process_group_barrier(nt_process_group* group) noexcept {
  return guard([&] {
    auto& g = checked(group);
    finish(g.barrier(), g, "barrier");
  });
}
