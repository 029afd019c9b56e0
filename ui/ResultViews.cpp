#include "ui/ResultViews.h"

#include "core/eval/Evaluator.h"
#include "core/eval/RgbdDataset.h"
#include "core/image/DepthIo.h"
#include "core/util/Error.h"

namespace ds::ui {

namespace {

// A depth.png inside an RGB-D dataset frame folder (intrinsics.json beside it) is read the way
// `eval` reads it: its depth scale, valid mask and evaluation convention.
std::optional<RgbdFrame> datasetFrame(const std::filesystem::path& gt) {
  const auto folder = gt.parent_path();
  if (gt.filename() != "depth.png" || !std::filesystem::exists(folder / "intrinsics.json"))
    return std::nullopt;
  const RgbdDataset set = RgbdDataset::open(folder.parent_path());
  for (size_t i = 0; i < set.size(); ++i)
    if (set.info(i).id == folder.filename().string()) return set.load(i);
  return std::nullopt;
}

}  // namespace

const StageView* ResultViews::stage(const QString& name) const {
  for (const auto& s : stages)
    if (s.name == name) return &s;
  return nullptr;
}

ResultViews ResultViews::prepare(std::shared_ptr<const PipelineResult> result,
                                 std::shared_ptr<const PipelineInput> inputPtr,
                                 const QString& groundTruth, int meshStride) {
  ResultViews v;
  v.result = result;
  v.input = inputPtr;
  const PipelineInput& input = *inputPtr;
  std::optional<RgbdFrame> frame;
  if (!groundTruth.isEmpty()) {
    try {
      frame = datasetFrame(groundTruth.toStdString());
    } catch (const Error& e) {
      v.groundTruthProblem = QString::fromStdString(e.what());
    }
    if (frame) frame->rgb = input.image;
  }
  if (!groundTruth.isEmpty() && !frame && v.groundTruthProblem.isEmpty()) {
    try {
      RgbdFrame f;
      f.info.id = "input";
      f.info.split = "input";
      f.info.intrinsics = result->intrinsics;
      f.rgb = input.image;
      f.gt = readDepth(groundTruth.toStdString(), DepthReadOptions{1000.0, DepthKind::MetricDepth});
      f.evalMask = f.gt.validMask();
      frame = std::move(f);
    } catch (const Error& e) {
      v.groundTruthProblem = QString::fromStdString(e.what());
    }
  }
  for (const StageOutput& s : result->stages) {
    StageView sv;
    sv.name = QString::fromStdString(s.name);
    sv.depth = std::make_shared<const DepthMap>(s.depth);
    if (!s.uncertainty.empty()) sv.uncertainty = std::make_shared<const DepthMap>(s.uncertainty);
    for (const DepthMap& f : s.trajectory)
      sv.trajectory.push_back(std::make_shared<const DepthMap>(f));
    sv.timesteps.assign(s.timesteps.begin(), s.timesteps.end());
    try {
      sv.mesh = std::make_shared<const MeshModel>(
          MeshModel::fromDepth(s.depth, result->intrinsics, input.image, meshStride));
    } catch (const Error&) {
      sv.mesh = std::make_shared<const MeshModel>();  // nothing valid to mesh
    }
    if (frame) {
      try {
        sv.metrics = Evaluator::evaluateFrame(*frame, s.depth, EvalOptions{});
        sv.hasMetrics = true;
      } catch (const Error& e) {
        v.groundTruthProblem = QString::fromStdString(e.what());
      }
    }
    v.stages.push_back(std::move(sv));
  }
  return v;
}

}  // namespace ds::ui
