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

NT_API int32_t nt_process_group_all_reduce_sum(nt_process_group* group, nt_tensor* tensor) noexcept {
  return guard([&] {
    auto& g = checked(group);
    std::vector<at::Tensor> tensors{collective_tensor(tensor)};
    g.allreduce(tensors)->wait();
  });
}

NT_API int32_t nt_process_group_broadcast(nt_process_group* group, nt_tensor* tensor, int32_t root) noexcept {
  return guard([&] {
    auto& g = checked(group);
    require(root >= 0 && root < group->world_size, "root must be a rank of the group");
    std::vector<at::Tensor> tensors{collective_tensor(tensor)};
    c10d::BroadcastOptions options;
    options.rootRank = root;
    g.broadcast(tensors, options)->wait();
  });
}

NT_API int32_t nt_process_group_barrier(nt_process_group* group) noexcept {
  return guard([&] { checked(group).barrier()->wait(); });
}
