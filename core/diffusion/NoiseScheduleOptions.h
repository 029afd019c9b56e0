#pragma once
// How much noise a diffusion model was trained with at each of its T training timesteps. The
// options are part of a model's card: a sampler must use the schedule the model was trained on.
#include <optional>
#include <string>

namespace ds {

enum class ScheduleKind {
  ScaledLinear,  // Stable Diffusion's: sqrt(beta) linear in t (Marigold, BetterDepth's backbone)
  Linear,        // DDPM's: beta linear in t; usual range 1e-4 .. 0.02
  Cosine         // Nichol & Dhariwal: alpha_bar(t) = f(t)/f(0), f = cos^2(((t/T)+s)/(1+s) pi/2)
};

// "scaled_linear", "linear", "cosine".
std::string toString(ScheduleKind kind);
std::optional<ScheduleKind> parseScheduleKind(const std::string& name);

struct NoiseScheduleOptions {
  ScheduleKind kind = ScheduleKind::ScaledLinear;
  int trainSteps = 1000;  // T: training timesteps are 0 .. T-1
  // Range of beta for the two linear kinds (ignored by Cosine). The defaults are Stable
  // Diffusion's scaled-linear values; a Linear (DDPM) schedule usually uses 1e-4 .. 0.02.
  double betaStart = 0.00085;
  double betaEnd = 0.012;
  // Rescale so that alpha_bar at T-1 is exactly 0 (Lin et al. 2024, "Common diffusion noise
  // schedules and sample steps are flawed"): the last timestep is then pure noise, as the sampler's
  // start is, and few-step sampling from T-1 is consistent with training. Needs V or Sample
  // prediction: epsilon prediction cannot give x0 where alpha_bar = 0.
  bool zeroTerminalSnr = true;

  // Throws ds::Error naming the option that is wrong.
  void check() const;
};

}  // namespace ds
