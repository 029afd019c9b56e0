#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <filesystem>

#include "common/TestErrors.h"
#include "core/models/ModuleWeights.h"
#include "core/models/SafetensorsFile.h"

namespace fs = std::filesystem;
namespace nn = torch::nn;

namespace {

// A decoder stage nested two levels deep: "decoder.head.weight" as in a real network.
struct DecoderImpl : nn::Module {
  explicit DecoderImpl(int64_t channels) {
    norm = register_module("norm", nn::BatchNorm2d(channels));  // buffers incl. an I64 one
    head = register_module("head", nn::Conv2d(nn::Conv2dOptions(channels, 1, 3).padding(1)));
  }
  nn::BatchNorm2d norm{nullptr};
  nn::Conv2d head{nullptr};
};
TORCH_MODULE(Decoder);

struct NetImpl : nn::Module {
  explicit NetImpl(int64_t channels = 64) {
    encoder = register_module(
        "encoder", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(3, 8, 3).padding(1)), nn::ReLU(),
                                  nn::Conv2d(nn::Conv2dOptions(8, channels, 1).bias(false))));
    decoder = register_module("decoder", Decoder(channels));
    scale = register_buffer("scale", at::ones({1, channels, 1, 1}));
  }
  nn::Sequential encoder{nullptr};
  Decoder decoder{nullptr};
  at::Tensor scale;
};
TORCH_MODULE(Net);

// A net whose every parameter and buffer depends on `seed`, so two seeds give different values.
Net seededNet(uint64_t seed, int64_t channels = 64) {
  at::manual_seed(seed);
  Net net(channels);
  torch::NoGradGuard noGrad;
  for (auto& b : net->named_buffers())
    if (at::isFloatingType(b.value().scalar_type())) b.value().uniform_(0.5, 1.5);
  net->decoder->norm->num_batches_tracked.fill_(int64_t(seed));
  return net;
}

std::map<std::string, at::Tensor> snapshot(const nn::Module& m) {
  std::map<std::string, at::Tensor> out;
  for (const auto& p : m.named_parameters())
    out[p.key()] = p.value().detach().clone();
  for (const auto& b : m.named_buffers())
    out[b.key()] = b.value().clone();
  return out;
}

bool equalWeights(const std::map<std::string, at::Tensor>& a,
                  const std::map<std::string, at::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [name, t] : a)
    if (!b.count(name) || !at::equal(t, b.at(name))) return false;
  return true;
}

}  // namespace

class tst_ModuleWeights : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  fs::path file(const std::string& name) const {
    return fs::path(dir_.path().toStdString()) / name;
  }

  // Rewrites a saved file with one tensor replaced, added (defined) or removed (undefined).
  fs::path editedCopy(const fs::path& source, const std::string& name, const at::Tensor& value) {
    const ds::SafetensorsFile in = ds::SafetensorsFile::open(source);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const std::string& n : in.names())
      if (n != name) tensors.emplace_back(n, in.tensor(n));
    if (value.defined()) tensors.emplace_back(name, value);
    const fs::path out = file("edited.safetensors");
    ds::SafetensorsFile::write(out, tensors, in.metadata());
    return out;
  }

  // Loading `path` into a fresh net fails with a message naming the file and `expected` parts,
  // and the net keeps every value it had.
  void refusedAndUnchanged(const fs::path& path, const std::vector<std::string>& expected,
                           const ds::ModuleLoadOptions& options = {}) {
    Net net = seededNet(7);
    const auto before = snapshot(*net);
    const std::string msg = ds::test::errorText([&] { ds::loadModule(*net, path, options); });
    QVERIFY2(msg.find("'" + path.string() + "'") == 0, msg.c_str());
    for (const std::string& part : expected)
      QVERIFY2(msg.find(part) != std::string::npos, (part + " not in: " + msg).c_str());
    QVERIFY(equalWeights(before, snapshot(*net)));
  }

 private Q_SLOTS:
  void savesUnderStateDictNames() {
    const fs::path path = file("net.safetensors");
    ds::saveModule(*seededNet(1), path, {{"network", "Net"}});
    const ds::SafetensorsFile f = ds::SafetensorsFile::open(path);
    std::vector<std::string> names = f.names();
    std::sort(names.begin(), names.end());
    // PyTorch's state_dict names for this network; the bias-free convolution has no "bias".
    const std::vector<std::string> expected = {"decoder.head.bias",
                                               "decoder.head.weight",
                                               "decoder.norm.bias",
                                               "decoder.norm.num_batches_tracked",
                                               "decoder.norm.running_mean",
                                               "decoder.norm.running_var",
                                               "decoder.norm.weight",
                                               "encoder.0.bias",
                                               "encoder.0.weight",
                                               "encoder.2.weight",
                                               "scale"};
    QCOMPARE(names, expected);
    QCOMPARE(f.info("decoder.head.weight").shape, (std::vector<int64_t>{1, 64, 3, 3}));
    QCOMPARE(f.info("decoder.norm.num_batches_tracked").dtype, ds::SafetensorsFile::Dtype::I64);
    QCOMPARE(f.metadata().at("network"), std::string("Net"));
  }

  void roundTripRestoresEveryValue() {
    Net saved = seededNet(1);
    const fs::path path = file("net.safetensors");
    ds::saveModule(*saved, path);

    Net loaded = seededNet(2);
    QVERIFY(!equalWeights(snapshot(*saved), snapshot(*loaded)));
    ds::loadModule(*loaded, path);
    QVERIFY(equalWeights(snapshot(*saved), snapshot(*loaded)));
    QVERIFY(loaded->decoder->head->weight.requires_grad());  // still a trainable parameter

    // Same outputs, in the mode where the loaded running statistics matter.
    saved->eval();
    loaded->eval();
    const at::Tensor x = at::randn({1, 3, 8, 8});
    auto run = [&](Net& n) {
      torch::NoGradGuard g;
      return n->decoder->head(n->decoder->norm(n->encoder->forward(x) * n->scale));
    };
    QVERIFY(at::equal(run(saved), run(loaded)));
  }

  void shapeMismatchIsNamedExactly() {
    const fs::path saved = file("net.safetensors");
    ds::saveModule(*seededNet(1), saved);
    const fs::path path = editedCopy(saved, "decoder.head.weight", at::zeros({1, 32, 3, 3}));
    refusedAndUnchanged(path, {"tensor 'decoder.head.weight' has shape [1, 32, 3, 3], the "
                               "network expects [1, 64, 3, 3]"});
    Net net = seededNet(7);
    QCOMPARE(ds::test::errorText([&] { ds::loadModule(*net, path); }),
             "'" + path.string() +
                 "': tensor 'decoder.head.weight' has shape [1, 32, 3, 3], the network expects "
                 "[1, 64, 3, 3]");
  }

  void missingTensorIsNamed() {
    const fs::path saved = file("net.safetensors");
    ds::saveModule(*seededNet(1), saved);
    refusedAndUnchanged(editedCopy(saved, "decoder.norm.running_var", at::Tensor()),
                        {"missing", "'decoder.norm.running_var'"});
  }

  void unexpectedTensorIsNamed() {
    const fs::path saved = file("net.safetensors");
    ds::saveModule(*seededNet(1), saved);
    refusedAndUnchanged(editedCopy(saved, "decoder.extra.weight", at::zeros({2})),
                        {"does not have", "'decoder.extra.weight'"});
  }

  void anotherNetworkListsEveryProblem() {
    const fs::path path = file("small.safetensors");
    ds::saveModule(*seededNet(1, 16), path);
    refusedAndUnchanged(path, {"'decoder.head.weight' has shape [1, 16, 3, 3]",
                               "'encoder.2.weight' has shape [16, 8, 1, 1]", "'scale'"});
  }

  void otherDtypesNeedTheOption() {
    const fs::path saved = file("net.safetensors");
    Net source = seededNet(1);
    ds::saveModule(*source, saved);
    const at::Tensor half = source->decoder->head->weight.detach().to(at::kHalf);
    const fs::path path = editedCopy(saved, "decoder.head.weight", half);
    refusedAndUnchanged(
        path, {"'decoder.head.weight' is F16, the network expects F32", "convertFloatingPoint"});

    ds::ModuleLoadOptions convert;
    convert.convertFloatingPoint = true;
    Net net = seededNet(7);
    ds::loadModule(*net, path, convert);
    QCOMPARE(net->decoder->head->weight.scalar_type(), at::kFloat);
    QVERIFY(at::equal(net->decoder->head->weight, half.to(at::kFloat)));
    QVERIFY(at::equal(net->decoder->head->bias, source->decoder->head->bias));

    // An integer buffer stored as float is refused even with conversion on.
    const fs::path counted =
        editedCopy(saved, "decoder.norm.num_batches_tracked", at::scalar_tensor(1.0));
    refusedAndUnchanged(counted,
                        {"'decoder.norm.num_batches_tracked' is F32, the network "
                         "expects I64"},
                        convert);
  }

  void missingFileIsNamed() { refusedAndUnchanged(file("absent.safetensors"), {"not found"}); }
};

QTEST_GUILESS_MAIN(tst_ModuleWeights)
#include "tst_ModuleWeights.moc"
