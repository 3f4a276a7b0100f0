// The fused regularity normalizer: the whole slot computation of docs/normalizers.md ("One call") (statistics,
// log-densities, log-sum-exp, COMP update, scaling) as one custom autograd function with a hand-written
// backward, over the vectorized loops of regularity_kernels.inl: three passes forward (moments, densities,
// scaling); the forward keeps exp(−½z²) so that the two backward passes need no exponentials. The composite implementation in
// Uam.Runtime/Normalizers/RegularityComposite.cs computes the same thing from tensor ops and is the
// readable reference the tests compare this with.
//
// Gradient (policy "current batch"; the history is a constant). With y = m_a · x for group a,
// G_a = Σ_a g·x, π the softmax of the log-densities within a group, d = x − μ:
//   dx = g·m + Σ_a k_a ∂S_a/∂x,   ∂S_a/∂x_e = [e∈a]·π_e·(−d_e/σ²) + P_a·μ' + Q_a·σ'_e,
//   P_a = Σπd/σ², Q_a = Σπd²/σ³ − 1/σ, μ' = ∂μ/∂x_e (a constant), σ'_e = (a·(x_e − m_b) + b)/(2σ),
// where k_a is ∂(Σ G·m)/∂S_a: (w_a − 1)·G_a with one COMP per group (w_a = exp(S_a − COMP_new_a)),
// w·ρ_a·ΣG − G_a with one shared COMP (ρ_a = exp(S_a − T), T the log-sum-exp of the whole call),
// and −G_a in inference (COMP frozen). The constants a, b come from the variance pooling formula.
#include "nt_internal.hpp"
#include "regularity_kernels.hpp"

#include <atomic>
#include <cmath>
#include <limits>

using nt::require;
using nt::regularity::Kernels;
using nt::regularity::Layout;
using nt::regularity::Shape;

namespace {
// Test-only switches (nt_regularity_set_test_switches); relaxed atomics: tests set them between calls.
std::atomic<bool> force_generic{false};
std::atomic<int32_t> mutant{NT_REGULARITY_MUTANT_NONE};
bool mutated(nt_regularity_mutant m) { return mutant.load(std::memory_order_relaxed) == m; }
}  // namespace

namespace nt::regularity {

const Kernels<float>& kernels_float() {
  static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return avx2 && !force_generic.load(std::memory_order_relaxed) ? avx2::float_kernels : generic::float_kernels;
}

const Kernels<double>& kernels_double() { return generic::double_kernels; }

}  // namespace nt::regularity

namespace {

constexpr double kHalfLogTwoPi = 0.91893853320467274178;
// Above this ½z² every exp(−½z²) in a group would be near float's underflow: shift by the group's minimum.
constexpr double kShiftThreshold = 60.0;

double log_add_exp(double a, double b) {
  const double m = std::max(a, b);
  if (m == -std::numeric_limits<double>::infinity()) return m;
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

// Everything the backward pass needs besides x and the prior.
struct Plan {
  Shape shape{};
  double mu = 0, sigma = 1, batch_mean = 0;
  double mu_slope = 0;            // ∂μ/∂x_e
  double var_a = 0, var_b = 0;    // ∂σ²/∂x_e = a·(x_e − m_b) + b
  bool shared = true;
  std::vector<double> shift_half, inv_sums, mult, weight;  // per group; weight: w_a or w·ρ_a (0 in inference)
};

struct Request {
  nt_regularity_config config;
  nt_regularity_state* state;
  at::Tensor log_prior;     // undefined without a saliency prior (it takes no gradient)
  bool keep_densities;      // a backward pass will follow: keep exp(shift − ½z²) for it
  at::Tensor densities;
  at::Tensor code_length;   // outputs besides y, filled by run()
  at::Tensor comp_new;
  Plan plan;
};

Shape shape_of(const at::Tensor& x, int32_t layout) {
  if (layout == NT_REGULARITY_ALL) {
    const int64_t rows = x.dim() >= 1 ? x.size(0) : 1;
    return Shape{rows, rows == 0 ? 0 : x.numel() / rows, Layout::All};
  }
  require(x.dim() == 2, "per-feature and per-sample layouts need a 2-D [batch, features] input");
  return Shape{x.size(0), x.size(1), static_cast<Layout>(layout)};
}

// A prior with one value per row ([B] or [B, 1]) rather than one per element.
bool is_row_prior(const at::Tensor& log_prior, const Shape& s) {
  return log_prior.defined() && log_prior.numel() == s.rows && s.cols != 1;
}

template <class T>
const Kernels<T>& kernels();
template <>
const Kernels<float>& kernels<float>() { return nt::regularity::kernels_float(); }
template <>
const Kernels<double>& kernels<double>() { return nt::regularity::kernels_double(); }

// The forward computation; returns y (or an undefined tensor when not applying).
template <class T>
at::Tensor run(const at::Tensor& x, const at::Tensor& log_prior, const at::Tensor& comp, Request& request) {
  const auto& config = request.config;
  auto& state = *request.state;
  const auto& k = kernels<T>();
  Plan& plan = request.plan;
  plan.shape = shape_of(x, config.layout);
  const Shape s = plan.shape;
  const int64_t n = x.numel();
  const int64_t groups = s.groups();
  require(n > 0, "the input has no elements");
  const T* xp = x.data_ptr<T>();

  // 1. Batch moments (shifted by the first element, for accuracy) and the Gaussian of this call (step 2).
  const double shift = static_cast<double>(xp[0]);
  double s1 = 0, s2 = 0;
  k.moments(xp, n, shift, &s1, &s2);
  const double N = static_cast<double>(n);
  const double m = shift + s1 / N;
  const double m2 = std::max(0.0, s2 - s1 * s1 / N);
  const double floor = config.std_floor;
  const double vb = n > 1 ? m2 / (N - 1) : (floor > 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN());
  const bool has_history = state.count > 0;
  require(has_history || config.training || config.allow_empty_inference,
          "inference before any training call: the slot has no statistics yet");
  double mu, var;
  plan.batch_mean = m;
  if (config.training && has_history) {
    const double n0 = static_cast<double>(state.count), mu0 = state.mean, v0 = state.std * state.std;
    mu = (mu0 * n0 + m * N) / (n0 + N);
    plan.mu_slope = 1.0 / (n0 + N);
    if (config.pooling == NT_REGULARITY_POOL_PAPER) {
      // Two single elements leave the formula 0/0; under a floor that is a zero within-group variance.
      if (n0 + N - 2 > 0) {
        var = ((n0 - 1) * v0 + (N - 1) * vb) / (n0 + N - 2);
        plan.var_a = 2.0 / (n0 + N - 2);
      } else {
        var = floor > 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
      }
    } else {
      const double delta = mu0 - m;
      const double between = mutated(NT_REGULARITY_MUTANT_EXACT_POOLING_DROPS_MEANS) ? 0.0 : n0 * N / (n0 + N) * delta * delta;
      var = ((n0 - 1) * v0 + (N - 1) * vb + between) / (n0 + N - 1);
      plan.var_a = 2.0 / (n0 + N - 1);
      plan.var_b = -2.0 * n0 * delta / ((n0 + N) * (n0 + N - 1));
    }
  } else if (!has_history) {
    mu = m;
    var = vb;
    plan.mu_slope = 1.0 / N;
    plan.var_a = n > 1 ? 2.0 / (N - 1) : 0.0;
  } else {
    mu = state.mean;
    var = state.std * state.std;
  }
  const double sigma_raw = std::sqrt(var);
  double sigma = sigma_raw;
  if (floor > 0 && !(sigma_raw >= floor)) {  // also catches NaN: a floored sigma no longer depends on x
    sigma = floor;
    plan.var_a = plan.var_b = 0;
  }
  plan.mu = mu;
  plan.sigma = sigma;

  // 2. Log-sum-exp of the log-densities per group (steps 3 and 4), shifted where it would underflow.
  const double inv_sigma = 1.0 / sigma;
  plan.shift_half.assign(static_cast<size_t>(groups), 0.0);
  std::vector<double> sums(static_cast<size_t>(groups)), min_half(static_cast<size_t>(groups));
  if (request.keep_densities) request.densities = at::empty_like(x);
  T* kept = request.keep_densities ? request.densities.data_ptr<T>() : nullptr;
  k.densities(xp, s, mu, inv_sigma, plan.shift_half.data(), sums.data(), min_half.data(), kept);
  if (*std::max_element(min_half.begin(), min_half.end()) > kShiftThreshold) {
    plan.shift_half = min_half;
    k.densities(xp, s, mu, inv_sigma, plan.shift_half.data(), sums.data(), min_half.data(), kept);
  }
  const double log_norm = std::log(sigma) + kHalfLogTwoPi;
  const double group_log_size = config.size_normalized ? std::log(static_cast<double>(s.group_size())) : 0.0;
  std::vector<double> s_raw(static_cast<size_t>(groups)), S(static_cast<size_t>(groups));
  plan.inv_sums.resize(static_cast<size_t>(groups));
  for (int64_t g = 0; g < groups; ++g) {
    const size_t i = static_cast<size_t>(g);
    s_raw[i] = std::log(sums[i]) - plan.shift_half[i] - log_norm;
    S[i] = s_raw[i] - group_log_size;
    plan.inv_sums[i] = 1.0 / sums[i];
  }

  // 3. COMP update (training) and code lengths l = COMP_new − S (steps 5 and 6).
  plan.shared = config.shared_comp != 0;
  // Without history COMP starts at 0 (a prior mass of one density unit, step 5), whatever was stored.
  const auto double_options = at::TensorOptions().dtype(at::kDouble);
  const auto comp_cpu = has_history ? comp.to(at::kDouble).contiguous()
                                    : (plan.shared ? at::zeros({}, double_options) : at::zeros({groups}, double_options));
  const double* comp_prev = comp_cpu.data_ptr<double>();
  require(comp_cpu.numel() == (plan.shared ? 1 : groups), "COMP has the wrong number of entries for this layout");
  plan.mult.resize(static_cast<size_t>(groups));
  plan.weight.assign(static_cast<size_t>(groups), 0.0);
  auto comp_out = at::empty(comp_cpu.sizes(), comp_cpu.options());
  double* comp_next = comp_out.data_ptr<double>();
  if (plan.shared) {
    double t_raw = -std::numeric_limits<double>::infinity();
    for (double v : s_raw) t_raw = log_add_exp(t_raw, v);
    // The call's mass is the sum of its groups' masses (each already per element under size normalization),
    // so COMP_new ≥ mass ≥ S_a and every code length is ≥ 0 in training.
    const double T_ = t_raw - group_log_size;
    const double before = has_history ? comp_prev[0] : 0.0;
    const double after = config.training ? log_add_exp(before, T_) : before;
    const double w = config.training ? std::exp(T_ - after) : 0.0;
    comp_next[0] = after;
    const double used = mutated(NT_REGULARITY_MUTANT_CODE_LENGTH_FROM_COMP_BEFORE) ? before : after;
    for (int64_t g = 0; g < groups; ++g) {
      const size_t i = static_cast<size_t>(g);
      plan.mult[i] = used - S[i];
      plan.weight[i] = w * std::exp(s_raw[i] - t_raw);
    }
  } else {
    for (int64_t g = 0; g < groups; ++g) {
      const size_t i = static_cast<size_t>(g);
      const double before = has_history ? comp_prev[g] : 0.0;
      const double after = config.training ? log_add_exp(before, S[i]) : before;
      comp_next[g] = after;
      plan.mult[i] = (mutated(NT_REGULARITY_MUTANT_CODE_LENGTH_FROM_COMP_BEFORE) ? before : after) - S[i];
      plan.weight[i] = config.training ? std::exp(S[i] - after) : 0.0;
    }
  }
  request.comp_new = comp_out;
  auto l = at::from_blob(plan.mult.data(), {groups}, at::TensorOptions().dtype(at::kDouble)).clone();
  if (mutated(NT_REGULARITY_MUTANT_NEGATED_OUTPUT))
    for (double& v : plan.mult) v = -v;  // the reported code length stays right; only y = −l·x
  request.code_length = s.layout == Layout::All ? l.reshape({}) : l;
  if (config.training) {
    state.mean = mu;
    state.std = sigma_raw;
    state.count += n;
  }

  // 4. y = (l − log s) · x.
  if (!config.apply) return at::Tensor();
  auto y = at::empty_like(x);
  k.scale(xp, y.data_ptr<T>(), s, plan.mult.data(), log_prior.defined() ? log_prior.data_ptr<T>() : nullptr,
          is_row_prior(log_prior, s));
  return y;
}

template <class T>
at::Tensor backward_of(const at::Tensor& x, const at::Tensor& densities, const at::Tensor& log_prior,
                       const at::Tensor& g, const Plan& p, bool constant_gain) {
  const auto& k = kernels<T>();
  const Shape s = p.shape;
  const T* xp = x.data_ptr<T>();
  const T* gp = g.data_ptr<T>();
  const T* lp = log_prior.defined() ? log_prior.data_ptr<T>() : nullptr;
  auto dx = at::empty_like(x);
  if (constant_gain) {
    k.scale(gp, dx.data_ptr<T>(), s, p.mult.data(), lp, is_row_prior(log_prior, s));
    return dx;
  }
  const int64_t groups = s.groups();
  std::vector<double> G(static_cast<size_t>(groups)), U(static_cast<size_t>(groups)), V(static_cast<size_t>(groups));
  const T* ep = densities.data_ptr<T>();
  k.backward_sums(xp, gp, ep, s, p.mu, p.inv_sums.data(), G.data(), U.data(), V.data());
  double g_total = 0;
  for (double v : G) g_total += v;
  const double sigma2 = p.sigma * p.sigma, sigma3 = sigma2 * p.sigma;
  std::vector<double> kq(static_cast<size_t>(groups));
  double a_mu = 0, a_sigma = 0;
  for (int64_t a = 0; a < groups; ++a) {
    const size_t i = static_cast<size_t>(a);
    const double ka = p.shared ? p.weight[i] * g_total - G[i] : (p.weight[i] - 1.0) * G[i];
    kq[i] = -ka / sigma2;
    a_mu += ka * U[i] / sigma2;
    a_sigma += ka * (V[i] / sigma3 - 1.0 / p.sigma);
  }
  if (mutated(NT_REGULARITY_MUTANT_BACKWARD_DROPS_MEAN_TERM)) a_mu = 0;
  const double c1 = mutated(NT_REGULARITY_MUTANT_BACKWARD_DROPS_SIGMA_SLOPE) ? 0.0 : a_sigma * p.var_a / (2 * p.sigma);
  const double c0 = a_mu * p.mu_slope + a_sigma * (p.var_a * (p.mu - p.batch_mean) + p.var_b) / (2 * p.sigma);
  k.backward_assemble(xp, gp, ep, dx.data_ptr<T>(), s, p.mu, p.inv_sums.data(), p.mult.data(), lp,
                      is_row_prior(log_prior, s), kq.data(), c0, c1);
  return dx;
}

// The plan travels to the backward pass as one float64 tensor (saved_data owns it): 10 scalars, then the
// four per-group arrays.
at::Tensor pack(const Plan& p) {
  const int64_t groups = static_cast<int64_t>(p.mult.size());
  auto t = at::empty({10 + 4 * groups}, at::TensorOptions().dtype(at::kDouble));
  double* d = t.data_ptr<double>();
  const double head[10] = {static_cast<double>(p.shape.rows), static_cast<double>(p.shape.cols),
                          static_cast<double>(static_cast<int32_t>(p.shape.layout)), p.mu, p.sigma, p.batch_mean,
                          p.mu_slope, p.var_a, p.var_b, p.shared ? 1.0 : 0.0};
  std::copy(head, head + 10, d);
  d += 10;
  for (const auto* v : {&p.shift_half, &p.inv_sums, &p.mult, &p.weight}) d = std::copy(v->begin(), v->end(), d);
  return t;
}

Plan unpack(const at::Tensor& t) {
  const double* d = t.data_ptr<double>();
  Plan p;
  p.shape = Shape{static_cast<int64_t>(d[0]), static_cast<int64_t>(d[1]), static_cast<Layout>(static_cast<int32_t>(d[2]))};
  p.mu = d[3];
  p.sigma = d[4];
  p.batch_mean = d[5];
  p.mu_slope = d[6];
  p.var_a = d[7];
  p.var_b = d[8];
  p.shared = d[9] != 0;
  const int64_t groups = (t.numel() - 10) / 4;
  d += 10;
  for (auto* v : {&p.shift_half, &p.inv_sums, &p.mult, &p.weight}) {
    v->assign(d, d + groups);
    d += groups;
  }
  return p;
}

at::Tensor dispatch_forward(const at::Tensor& x, const at::Tensor& log_prior, const at::Tensor& comp, Request& r) {
  return x.scalar_type() == at::kFloat ? run<float>(x, log_prior, comp, r) : run<double>(x, log_prior, comp, r);
}

struct RegularityFn : torch::autograd::Function<RegularityFn> {
  static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x,
                                                const at::Tensor& comp, Request* request) {
    at::Tensor y = dispatch_forward(x, request->log_prior, comp, *request);
    ctx->save_for_backward({x});
    if (request->densities.defined()) ctx->saved_data["densities"] = request->densities;
    if (request->log_prior.defined()) ctx->saved_data["log_prior"] = request->log_prior;
    ctx->saved_data["plan"] = pack(request->plan);
    ctx->saved_data["constant_gain"] = request->config.constant_gain != 0;
    ctx->mark_non_differentiable({request->code_length, request->comp_new});
    return {y, request->code_length, request->comp_new};
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const at::Tensor log_prior =
        ctx->saved_data.count("log_prior") != 0 ? ctx->saved_data["log_prior"].toTensor() : at::Tensor();
    const Plan plan = unpack(ctx->saved_data["plan"].toTensor());
    const bool constant_gain = ctx->saved_data["constant_gain"].toBool();
    at::Tensor g = grads[0].defined() ? grads[0].contiguous() : at::zeros_like(x);
    const at::Tensor densities =
        ctx->saved_data.count("densities") != 0 ? ctx->saved_data["densities"].toTensor() : at::Tensor();
    at::Tensor dx = x.scalar_type() == at::kFloat
                        ? backward_of<float>(x, densities, log_prior, g, plan, constant_gain)
                        : backward_of<double>(x, densities, log_prior, g, plan, constant_gain);
    return {dx, at::Tensor(), at::Tensor()};
  }
};

}  // namespace

NT_API int32_t nt_regularity_forward(const nt_tensor* x_handle, const nt_tensor* prior_handle,
                                     const nt_tensor* comp_handle, nt_regularity_config config,
                                     nt_regularity_state* state, nt_tensor** y, nt_tensor** code_length,
                                     nt_tensor** comp_new) noexcept {
  if (y) *y = nullptr;
  if (code_length) *code_length = nullptr;
  if (comp_new) *comp_new = nullptr;
  return nt::guard([&] {
    require(y != nullptr && code_length != nullptr && comp_new != nullptr && state != nullptr, "out-pointers are null");
    require(config.layout >= 0 && config.layout <= 2, "unknown regularity layout");
    require(config.pooling == NT_REGULARITY_POOL_PAPER || config.pooling == NT_REGULARITY_POOL_EXACT,
            "unknown variance pooling");
    const auto& x_in = nt::get(x_handle);
    require(x_in.device().is_cpu(), "the fused regularity normalizer runs on the CPU only");
    require(x_in.scalar_type() == at::kFloat || x_in.scalar_type() == at::kDouble,
            "the fused regularity normalizer takes float32 or float64 input");
    const at::Tensor x = x_in.contiguous();
    at::Tensor log_prior;
    if (prior_handle != nullptr) {
      require(config.layout == NT_REGULARITY_ALL, "a saliency prior needs the whole-layer layout");
      const auto& prior = nt::get(prior_handle);
      const int64_t rows = x.dim() >= 1 ? x.size(0) : 1;
      // One value per row stays a vector (the in-batch class frequency); anything else is expanded.
      log_prior = prior.numel() == rows && (prior.dim() == 1 || (prior.dim() == 2 && prior.size(1) == 1))
                      ? prior.to(x.scalar_type()).reshape({rows}).contiguous()
                      : prior.to(x.scalar_type()).expand(x.sizes()).contiguous();
    }
    const at::Tensor comp = nt::get(comp_handle);
    const bool differentiable = config.apply && x.requires_grad() && c10::GradMode::is_enabled();
    Request request{config, state, log_prior, differentiable && config.constant_gain == 0, {}, {}, {}, {}};
    at::Tensor out;
    if (!differentiable) {
      at::NoGradGuard no_grad;
      out = dispatch_forward(x, log_prior, comp, request);
      if (!out.defined()) out = x_in;  // probe only: the input itself
    } else {
      auto outputs = RegularityFn::apply(x, comp, &request);
      out = outputs[0];
    }
    *y = nt::wrap(out);
    *code_length = nt::wrap(request.code_length);
    *comp_new = nt::wrap(request.comp_new);
  });
}

NT_API int32_t nt_regularity_set_test_switches(int32_t generic, int32_t mutant_id) noexcept {
  return nt::guard([&] {
    require(mutant_id >= NT_REGULARITY_MUTANT_NONE && mutant_id <= NT_REGULARITY_MUTANT_EXACT_POOLING_DROPS_MEANS,
            "unknown regularity mutant");
    force_generic.store(generic != 0, std::memory_order_relaxed);
    mutant.store(mutant_id, std::memory_order_relaxed);
  });
}

NT_API int32_t nt_regularity_float_kernel_is_avx2(int32_t* avx2) noexcept {
  return nt::guard([&] {
    require(avx2 != nullptr, "out-pointer is null");
    *avx2 = &nt::regularity::kernels_float() == &nt::regularity::avx2::float_kernels ? 1 : 0;
  });
}
