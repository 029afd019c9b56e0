#include "core/train/Trainer.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>
#include <torch/version.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/methods/DeviceChoice.h"
#include "core/models/ModuleWeights.h"
#include "core/train/WeightAverage.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"
#include "core/util/Stopwatch.h"

namespace ds {

namespace fs = std::filesystem;

namespace {

double learningRate(const TrainOptions& o, int64_t step) {
  if (step < o.warmup) return o.learningRate * double(step + 1) / double(o.warmup + 1);
  const double span = std::max<int64_t>(1, o.steps - o.warmup);
  const double progress = std::min(1.0, double(step - o.warmup) / span);
  return o.learningRate * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * progress)));
}

std::string isoNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

std::string decayText(double decay) {
  std::ostringstream s;
  s << decay;
  return s.str();
}

struct Checkpoint {
  int64_t step = 0;
  double seconds = 0;
};

// The checkpoint keeps the last step's own weights; with --ema the average goes beside them.
void saveCheckpoint(const TrainOptions& o, torch::nn::Module& net, torch::optim::Optimizer& opt,
                    const WeightAverage* average, const Checkpoint& c) {
  const fs::path dir = o.checkpointFolder();
  fs::create_directories(dir);
  saveModule(net, dir / "weights.safetensors");
  std::error_code ec;
  if (average)
    average->save(dir / "average.pt");
  else
    fs::remove(dir / "average.pt", ec);  // a stale average must not be resumed later
  writeAtomically(dir / "optimizer.pt",
                  [&](const fs::path& tmp) { torch::save(opt, tmp.string()); });
  writeFileAtomically(
      dir / "state.json",
      nlohmann::json{{"step", c.step}, {"seconds", c.seconds}, {"model", o.model}}.dump(1) + "\n");
}

Checkpoint loadCheckpoint(const TrainOptions& o, torch::nn::Module& net,
                          torch::optim::Optimizer& opt) {
  const fs::path dir = o.checkpointFolder();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(readFile(dir / "state.json"));
  } catch (const nlohmann::json::exception& e) {
    throw Error::file(dir / "state.json", std::string("is not a checkpoint state: ") + e.what());
  }
  if (j.value("model", "") != o.model)
    throw Error::file(
        dir, "is a checkpoint of a '" + j.value("model", "") + "' model, not '" + o.model + "'");
  loadModule(net, dir / "weights.safetensors");
  try {
    torch::load(opt, (dir / "optimizer.pt").string());
  } catch (const std::exception& e) {
    throw Error::file(dir / "optimizer.pt", std::string("cannot be loaded: ") + e.what());
  }
  return {j.value("step", int64_t(0)), j.value("seconds", 0.0)};
}

// The log's lines before `step` (a resumed run continues it), with the header.
std::string keptLog(const fs::path& csv, int64_t step) {
  std::ifstream in(csv);
  std::string line, kept;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      kept += line + "\n";
      header = false;
      continue;
    }
    if (std::stoll(line.substr(0, line.find(','))) < step) kept += line + "\n";
  }
  return kept;
}

}  // namespace

std::string Trainer::hardwareText(const std::string& device) {
  const torch::Device d = resolveDevice(device);
  std::string what;
  if (d.is_cuda()) {
    what = d.str() + " (CUDA)";
  } else {
    std::ifstream cpu("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpu, line))
      if (line.rfind("model name", 0) == 0) {
        what = line.substr(line.find(':') + 2);
        break;
      }
    what += " (" + std::to_string(at::get_num_threads()) + " threads)";
  }
  return what + ", LibTorch " + TORCH_VERSION;
}

TrainReport Trainer::run(const TrainOptions& o, TrainingTask& task, ProgressSink& progress,
                         const CancelToken& cancel) {
  o.check();
  if (o.threads > 0) at::set_num_threads(o.threads);
  const torch::Device device = resolveDevice(o.device);
  checkWritable(o.out);
  torch::manual_seed(o.seed);
  torch::nn::Module& net = task.network();
  net.to(device);
  net.train();
  std::vector<torch::Tensor> params;
  for (auto& p : net.parameters())
    if (p.requires_grad()) params.push_back(p);
  torch::optim::AdamW optimizer(
      params, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
  Checkpoint state;
  std::error_code ec;
  if (o.resume && fs::exists(o.checkpointFolder() / "state.json", ec)) {
    state = loadCheckpoint(o, net, optimizer);
    net.to(device);
  }
  std::optional<WeightAverage> average;
  if (o.ema > 0) {
    average.emplace(net, o.ema);
    if (state.step > 0) {
      const fs::path saved = o.checkpointFolder() / "average.pt";
      if (!fs::exists(saved, ec))
        throw Error::file(o.checkpointFolder(),
                          "has no weight average (that run had no --ema): resume without --ema, "
                          "or delete the checkpoint and start again");
      average->load(saved);
    }
  }
  const WeightAverage* averagePtr = average ? &*average : nullptr;

  std::vector<SynthCache> caches;
  for (const SynthCacheOptions& split : o.splits())
    caches.emplace_back(split);
  BatchOptions batchOptions = task.batchOptions();
  batchOptions.batch = o.batch;
  batchOptions.seed = o.seed;
  SubProgress loading(progress, 0.0, 0.02);
  SynthBatches batches(caches, batchOptions, state.step, loading, cancel);

  const fs::path csv = o.logPath();
  std::string log = state.step > 0 && fs::exists(csv, ec) ? keptLog(csv, state.step) : "";
  Stopwatch watch;
  TrainReport report;
  report.firstStep = state.step;
  double recent = 0;
  int recentCount = 0;
  auto elapsed = [&] { return state.seconds + watch.elapsedMs() / 1000.0; };
  int64_t step = state.step;
  try {
    for (; step < o.steps; ++step) {
      cancel.throwIfCancelled();
      for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(learningRate(o, step));
      TrainBatch batch = batches.next();
      batch.rgb = batch.rgb.to(device);
      if (batch.right.defined()) batch.right = batch.right.to(device);
      batch.depth = batch.depth.to(device);
      batch.valid = batch.valid.to(device);
      const LossTerms terms = task.loss(batch, step);
      optimizer.zero_grad();
      terms.front().second.backward();
      torch::nn::utils::clip_grad_norm_(params, 1.0);
      optimizer.step();
      if (average) average->update(net, step);
      const double total = terms.front().second.item<double>();
      if (!std::isfinite(total))
        throw Error("train: the loss became " + std::to_string(total) + " at step " +
                    std::to_string(step) + " (lower --lr?)");
      recent += total;
      ++recentCount;
      if (log.empty()) {
        log = "step,lr,seconds";
        for (const auto& [name, value] : terms)
          log += "," + name;
        log += "\n";
      }
      if (step % 10 == 0 || step + 1 == o.steps) {
        std::ostringstream line;
        line << step << "," << learningRate(o, step) << "," << elapsed();
        for (const auto& [name, value] : terms)
          line << "," << value.item<double>();
        log += line.str() + "\n";
      }
      progress.report({0.02 + 0.98 * double(step + 1) / o.steps, "train", int(step + 1), o.steps,
                       "loss " + std::to_string(recent / recentCount)});
      if (step % 50 == 49) recent = recentCount = 0;
      if ((step + 1) % o.checkpointEvery == 0) {
        saveCheckpoint(o, net, optimizer, averagePtr, {step + 1, elapsed()});
        writeFileAtomically(csv, log);
      }
      report.finalLoss = total;
    }
  } catch (const Cancelled&) {
    saveCheckpoint(o, net, optimizer, averagePtr, {step, elapsed()});
    writeFileAtomically(csv, log);
    throw;
  }
  if (!log.empty()) writeFileAtomically(csv, log);
  if (!o.plot.empty() && fs::exists(csv, ec)) plotLog(csv, o.plot);
  saveCheckpoint(o, net, optimizer, averagePtr, {step, elapsed()});

  ModelCard card;
  card.name = o.name.empty() ? "DepthStudio built-in " + o.model : o.name;
  card.license = "produced by this project's trainer from its own procedural data";
  card.inputWidth = o.synth.width;
  card.inputHeight = o.synth.height;
  card.borderPadding = o.borderPadding;
  card.outputKind = task.outputKind();
  card.training.command = o.command;
  card.training.seed = o.seed;
  card.training.steps = step;
  card.training.wallTimeS = elapsed();
  card.training.hardware = hardwareText(o.device);
  card.training.data = "procedural scenes (core/synth), seeds " + std::to_string(o.firstSeed) +
                       ".." + std::to_string(o.firstSeed + uint64_t(o.samples) - 1) + " at " +
                       std::to_string(o.synth.width) + "x" + std::to_string(o.synth.height) +
                       (o.synth.stereo ? ", stereo" : "") + (o.synth.holes ? ", with holes" : "") +
                       (o.synth.world == 1 ? "" : ", world " + std::to_string(o.synth.world));
  if (o.mixSamples > 0)
    card.training.data += "; pooled with seeds " + std::to_string(o.mixFirstSeed) + ".." +
                          std::to_string(o.mixFirstSeed + uint64_t(o.mixSamples) - 1) +
                          " of world " + std::to_string(o.mixWorld);
  card.training.date = isoNow();
  card.notes = task.description();
  if (o.borderPadding > 0)
    card.notes += " At inference the image is mirrored outwards by " +
                  std::to_string(o.borderPadding) +
                  " px before the network and the border cropped off its output "
                  "(input.border_padding): without it the network, trained on crops, answers the "
                  "zero padding of its convolutions with a band of too-near depth at every border.";
  if (average) {
    average->copyTo(net);
    card.notes += " The weights are the exponential moving average (decay " + decayText(o.ema) +
                  ") of the run's steps, not the last step's; those stay in the checkpoint.";
  }
  net.eval();
  report.card = task.save(card, o.out);
  report.steps = step;
  report.seconds = elapsed();
  return report;
}

void Trainer::plotLog(const fs::path& csv, const fs::path& svg) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  {
    std::stringstream header(line);
    std::string cell;
    while (std::getline(header, cell, ','))
      names.push_back(cell);
  }
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell;
    std::vector<double> values;
    while (std::getline(row, cell, ','))
      values.push_back(std::stod(cell));
    if (values.size() == names.size()) rows.push_back(values);
  }
  if (rows.empty() || names.size() < 4) return;
  const double W = 720, H = 360, L = 60, B = 30;
  const double maxStep = std::max(1.0, rows.back()[0]);
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H << "'>"
    << "<rect width='100%' height='100%' fill='white'/>";
  const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  double hi = 0;
  for (const auto& r : rows)
    for (size_t c = 3; c < names.size(); ++c)
      hi = std::max(hi, r[c]);
  hi = hi > 0 ? hi : 1;
  for (size_t c = 3; c < names.size(); ++c) {
    s << "<polyline fill='none' stroke='" << colours[(c - 3) % 6] << "' points='";
    for (const auto& r : rows)
      s << L + (W - L - 10) * r[0] / maxStep << "," << (H - B) - (H - B - 10) * r[c] / hi << " ";
    s << "'/><text x='" << L + 10 << "' y='" << 20 + 16 * (c - 3) << "' fill='"
      << colours[(c - 3) % 6] << "' font-size='13'>" << names[c] << "</text>";
  }
  s << "<text x='" << L << "' y='" << H - 8 << "' font-size='12'>step 0 .. " << maxStep
    << "</text><text x='4' y='16' font-size='12'>" << hi << "</text></svg>\n";
  writeFileAtomically(svg, s.str());
}

}  // namespace ds
