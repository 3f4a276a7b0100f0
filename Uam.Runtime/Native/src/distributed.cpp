// Process groups for data-parallel training: c10d's TCP rendezvous store and its Gloo process group, which
// Debian's libtorch exports (the Gloo headers come from libgloo-dev; USE_C10D_GLOO is set for this file only).
#include "nt_internal.hpp"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <mutex>

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

// ---- The gradient reducer: averages parameters' gradients over the ranks in buckets launched during the backward ----
//
// Buckets hold parameters in reverse registration order (the backward reaches the last layers first) up to a byte cap.
// A post-hook on each parameter's gradient-accumulation node marks it ready; a bucket is launched (an asynchronous
// all-reduce of its gradients flattened into one buffer) once all its parameters are ready and every earlier bucket
// was launched, so every rank launches the same collectives in the same order whatever order the hooks fire in. Finish
// waits for them and writes the averages back. The hooks hold the state, not the reducer: a hook that outlives its
// reducer (a graph still alive) finds it inactive and does nothing.
namespace {
struct ReducerState {
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
  std::vector<at::Tensor> params;
  std::vector<std::vector<size_t>> buckets;
  std::vector<size_t> bucket_of;
  std::mutex mutex;
  bool active = true;
  std::vector<bool> ready;
  std::vector<size_t> missing;  // per bucket: parameters not ready yet in this backward
  size_t next = 0;              // the next bucket to launch
  int64_t launched_in_backward = 0;
  std::vector<at::Tensor> flat;
  std::vector<c10::intrusive_ptr<c10d::Work>> works;
  std::string error;            // a failure inside a hook, reported by finish (a hook must not throw into the engine)

  void reset() {
    std::fill(ready.begin(), ready.end(), false);
    for (size_t b = 0; b < buckets.size(); ++b) missing[b] = buckets[b].size();
    next = 0;
    launched_in_backward = 0;
    flat.assign(buckets.size(), at::Tensor());
    works.assign(buckets.size(), c10::intrusive_ptr<c10d::Work>());
    error.clear();
  }

  void launch(size_t b) {
    std::vector<at::Tensor> pieces;
    for (size_t i : buckets[b]) pieces.push_back(params[i].grad().detach().reshape({-1}));
    flat[b] = at::cat(pieces);
    std::vector<at::Tensor> tensors{flat[b]};
    works[b] = group->allreduce(tensors);
  }

  // Launches every bucket that is due, in order.
  void launch_due() {
    while (next < buckets.size() && missing[next] == 0) launch(next++);
  }
};

struct ReadyHook : torch::autograd::FunctionPostHook {
  ReadyHook(std::shared_ptr<ReducerState> state, size_t index) : state(std::move(state)), index(index) {}

  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list& /*inputs*/) override {
    std::lock_guard<std::mutex> lock(state->mutex);
    if (!state->active || state->ready[index] || !state->error.empty()) return outputs;
    try {
      if (!state->params[index].grad().defined()) return outputs;
      state->ready[index] = true;
      --state->missing[state->bucket_of[index]];
      size_t before = state->next;
      state->launch_due();
      state->launched_in_backward += static_cast<int64_t>(state->next - before);
    } catch (const std::exception& e) {
      state->error = e.what();
    }
    return outputs;
  }

  std::shared_ptr<ReducerState> state;
  size_t index;
};
}  // namespace

struct nt_gradient_reducer {
  std::shared_ptr<ReducerState> state;
  std::vector<std::shared_ptr<torch::autograd::Node>> accumulators;
  std::vector<uintptr_t> hook_keys;
};

NT_API int32_t nt_gradient_reducer_new(nt_process_group* group, const nt_tensor* const* parameters, int32_t count,
                                       int64_t bucket_bytes, nt_gradient_reducer** out) noexcept {
  if (out) *out = nullptr;
  return guard([&] {
    require(out != nullptr, "out is null");
    checked(group);
    require(count >= 0, "count must not be negative");
    require(bucket_bytes > 0, "bucket_bytes must be positive");
    auto state = std::make_shared<ReducerState>();
    state->group = group->group;
    state->params = nt::tensors(parameters, count);
    for (int32_t i = 0; i < count; ++i) {
      const auto& p = state->params[i];
      require(p.is_leaf() && p.requires_grad(), "every parameter must be a leaf tensor that requires grad");
      require(p.device().is_cpu(), "collectives take CPU tensors");
    }
    state->bucket_of.assign(count, 0);
    int64_t bytes = 0;
    for (int32_t i = count - 1; i >= 0; --i) {
      const auto& p = state->params[i];
      const int64_t size = p.numel() * static_cast<int64_t>(p.element_size());
      bool fresh = state->buckets.empty() || (bytes + size > bucket_bytes && !state->buckets.back().empty()) ||
                   p.scalar_type() != state->params[state->buckets.back().front()].scalar_type();
      if (fresh) {
        state->buckets.emplace_back();
        bytes = 0;
      }
      state->buckets.back().push_back(static_cast<size_t>(i));
      state->bucket_of[i] = state->buckets.size() - 1;
      bytes += size;
    }
    state->ready.assign(count, false);
    state->missing.assign(state->buckets.size(), 0);
    state->reset();
    auto reducer = std::make_unique<nt_gradient_reducer>();
    reducer->state = state;
    for (int32_t i = 0; i < count; ++i) {
      auto accumulator = torch::autograd::impl::grad_accumulator(state->params[i]);
      require(accumulator != nullptr, "a parameter has no gradient accumulator");
      reducer->hook_keys.push_back(accumulator->add_post_hook(std::make_unique<ReadyHook>(state, i)));
      reducer->accumulators.push_back(std::move(accumulator));
    }
    *out = reducer.release();
  });
}

NT_API void nt_gradient_reducer_free(nt_gradient_reducer* reducer) noexcept {
  if (reducer == nullptr) return;
  try {
    {
      std::lock_guard<std::mutex> lock(reducer->state->mutex);
      reducer->state->active = false;
    }
    for (size_t i = 0; i < reducer->accumulators.size(); ++i) reducer->accumulators[i]->del_post_hook(reducer->hook_keys[i]);
    delete reducer;
  } catch (...) {
    // Nothing may cross into .NET; the memory is lost.
  }
}

NT_API int32_t nt_gradient_reducer_finish(nt_gradient_reducer* reducer, int64_t* launched_in_backward) noexcept {
  return guard([&] {
    require(reducer != nullptr, "gradient reducer handle is null");
    auto& s = *reducer->state;
    std::lock_guard<std::mutex> lock(s.mutex);
    struct Reset {
      ReducerState& s;
      ~Reset() { s.reset(); }
    } reset{s};
    if (!s.error.empty()) throw std::runtime_error("launching a bucket during the backward failed: " + s.error);
    for (size_t i = 0; i < s.params.size(); ++i)
      if (!s.ready[i])
        throw std::invalid_argument("parameter " + std::to_string(i) + " got no gradient in this backward on rank " +
                                    std::to_string(s.group->getRank()) + "; every parameter must get one on every rank");
    s.launch_due();  // nothing is left to launch unless the hooks did not run
    if (launched_in_backward != nullptr) *launched_in_backward = s.launched_in_backward;
    const double world = static_cast<double>(s.group->getSize());
    for (size_t b = 0; b < s.buckets.size(); ++b) {
      require(s.works[b].defined(), "a bucket of gradients was never launched");
      finish(s.works[b], *s.group, "gradient all-reduce");
      int64_t offset = 0;
      at::NoGradGuard no_grad;
      for (size_t i : s.buckets[b]) {
        at::Tensor grad = s.params[i].mutable_grad();
        const int64_t n = grad.numel();
        grad.copy_(s.flat[b].narrow(0, offset, n).view_as(grad).div(world));
        offset += n;
      }
    }
  });
}
