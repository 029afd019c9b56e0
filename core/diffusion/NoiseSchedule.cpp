#include "core/diffusion/NoiseSchedule.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>

#include "core/diffusion/PredictionConversion.h"
#include "core/util/Error.h"

namespace ds {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<double> betasOf(const NoiseScheduleOptions& o) {
  const int n = o.trainSteps;
  std::vector<double> betas(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double u = double(i) / double(n - 1);  // 0 .. 1 across the training steps
    switch (o.kind) {
      case ScheduleKind::Linear:
        betas[size_t(i)] = o.betaStart + (o.betaEnd - o.betaStart) * u;
        break;
      case ScheduleKind::ScaledLinear: {
        const double r =
            std::sqrt(o.betaStart) + (std::sqrt(o.betaEnd) - std::sqrt(o.betaStart)) * u;
        betas[size_t(i)] = r * r;
        break;
      }
      case ScheduleKind::Cosine: {
        // Nichol & Dhariwal 2021, s = 0.008; beta clipped at 0.999 because f(1) = 0 would make
        // the last beta 1 (the clip is what zero terminal SNR then undoes on purpose).
        constexpr double s = 0.008;
        auto f = [](double t) {
          const double c = std::cos((t + s) / (1.0 + s) * kPi / 2.0);
          return c * c;
        };
        const double b = 1.0 - f(double(i + 1) / n) / f(double(i) / n);
        betas[size_t(i)] = std::min(b, 0.999);
        break;
      }
    }
  }
  return betas;
}

}  // namespace

NoiseSchedule::NoiseSchedule(const NoiseScheduleOptions& options) : options_(options) {
  options_.check();
  const std::vector<double> betas = betasOf(options_);
  alphaBars_.resize(betas.size());
  double product = 1.0;
  for (size_t i = 0; i < betas.size(); ++i) {
    product *= 1.0 - betas[i];
    alphaBars_[i] = product;
  }
  if (options_.zeroTerminalSnr) {
    // Lin et al. 2024, Algorithm 1: shift and scale sqrt(alpha_bar) so that the last is 0 and the
    // first is unchanged.
    const double first = std::sqrt(alphaBars_.front()), last = std::sqrt(alphaBars_.back());
    const double scale = first / (first - last);
    for (size_t i = 0; i < alphaBars_.size(); ++i) {
      const double r = (std::sqrt(alphaBars_[i]) - last) * scale;
      alphaBars_[i] = r * r;
    }
    alphaBars_.front() = first * first;  // exact, whatever the rounding of the scale
    alphaBars_.back() = 0.0;
  }
}

double NoiseSchedule::alphaBar(int64_t t) const {
  if (t < 0 || t >= int64_t(alphaBars_.size()))
    throw Error("noise schedule: timestep " + std::to_string(t) + " is outside [0, " +
                std::to_string(alphaBars_.size() - 1) + "]");
  return alphaBars_[size_t(t)];
}

double NoiseSchedule::beta(int64_t t) const {
  const double current = alphaBar(t);
  const double previous = t == 0 ? 1.0 : alphaBars_[size_t(t - 1)];
  return 1.0 - current / previous;
}

torch::Tensor NoiseSchedule::alphaBarTensor() const {
  return torch::tensor(alphaBars_, torch::kFloat64);
}

void NoiseSchedule::checkTimesteps(const torch::Tensor& t) const {
  if (!t.defined() || t.scalar_type() != torch::kLong)
    throw Error("noise schedule: timesteps must be an int64 tensor");
  if (t.numel() == 0) return;
  const int64_t lo = t.min().item<int64_t>(), hi = t.max().item<int64_t>();
  if (lo < 0 || hi >= trainSteps())
    throw Error("noise schedule: timesteps " + std::to_string(lo) + " .. " + std::to_string(hi) +
                " are outside [0, " + std::to_string(trainSteps() - 1) + "]");
}

torch::Tensor NoiseSchedule::alphaBarAt(const torch::Tensor& t) const {
  checkTimesteps(t);
  const torch::Tensor table = alphaBarTensor().to(torch::kFloat32).to(t.device());
  return table.index_select(0, t.reshape({-1})).reshape(t.sizes());
}

torch::Tensor NoiseSchedule::addNoise(const torch::Tensor& x0, const torch::Tensor& eps,
                                      const torch::Tensor& t) const {
  checkTimesteps(t);
  // Looked up in float64: sqrt(1 - alpha_bar) near alpha_bar = 1 keeps its precision.
  const torch::Tensor indices = t.to(torch::kCPU).reshape({-1});
  return noisySample(x0, eps, alphaBarTensor().index_select(0, indices).reshape(t.sizes()));
}

}  // namespace ds
