#include <QtTest/QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/TestErrors.h"
#include "core/models/ModelCard.h"
#include "core/models/ModelSidecar.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Sha256.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

ds::ModelCard exampleCard() {
  ds::ModelCard c;
  c.name = "DepthStudio Base (synthetic, 256x192)";
  c.license = "MIT";
  c.inputWidth = 256;
  c.inputHeight = 192;
  c.borderPadding = 8;
  c.outputKind = ds::DepthKind::RelativeInverseDepth;
  c.architecture.network = "BaseDepthNet";
  c.architecture.config = R"({"encoder":{"channels":[16,32,64,128]},"decoder":{"head":1}})";
  c.training.command = "depthstudio-cli train base --seed 42 --steps 20000";
  c.training.seed = 42;
  c.training.steps = 20000;
  c.training.wallTimeS = 3512.5;
  c.training.hardware = "NVIDIA H100, LibTorch 2.4 CUDA 12.1";
  c.training.data = "core/synth scenes, seeds 0..9999";
  c.training.date = "2025-01-31T12:00:00Z";
  c.metrics = R"({"synthetic_val":{"abs_rel":0.081,"delta1":0.93}})";
  c.notes = "Pixel space; quality on real photos is stated in the README.";
  return c;
}

}  // namespace

class tst_ModelCard : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  fs::path file(const std::string& name) const {
    return fs::path(dir_.path().toStdString()) / name;
  }

  // A written card next to its weights, "base.safetensors" + "base.json".
  ds::ModelCard writtenCard() {
    const fs::path weights = file("base.safetensors");
    ds::writeFileAtomically(weights, "not really tensors, but bytes to hash");
    ds::ModelCard c = exampleCard();
    c.recordWeights(weights);
    c.write(ds::ModelCard::pathFor(weights));
    return c;
  }

  // Reading the example card with one edit fails naming the card and `expected`.
  void refusedWith(const std::function<void(json&)>& edit, const std::string& expected) {
    writtenCard();
    json doc = json::parse(ds::readFile(file("base.json")));
    edit(doc);
    const fs::path path = file("edited.json");
    ds::writeFileAtomically(path, doc.dump());
    const std::string msg = ds::test::errorText([&] { ds::ModelCard::read(path); });
    QVERIFY2(msg.find("'" + path.string() + "'") == 0, msg.c_str());
    QVERIFY2(msg.find(expected) != std::string::npos, (expected + " not in: " + msg).c_str());
  }

 private Q_SLOTS:
  void roundTripKeepsEveryField() {
    const ds::ModelCard written = writtenCard();
    QCOMPARE(written.cardPath, file("base.json"));
    const ds::ModelCard c = ds::ModelCard::read(file("base.json"));
    QCOMPARE(c.cardPath, file("base.json"));
    QCOMPARE(c.name, written.name);
    QCOMPARE(c.license, written.license);
    QCOMPARE(c.inputWidth, 256);
    QCOMPARE(c.inputHeight, 192);
    QCOMPARE(c.borderPadding, 8);
    QVERIFY(c.outputKind == ds::DepthKind::RelativeInverseDepth);
    QCOMPARE(c.architecture.network, std::string("BaseDepthNet"));
    QCOMPARE(json::parse(c.architecture.config), json::parse(written.architecture.config));
    QCOMPARE(c.training.command, written.training.command);
    QCOMPARE(c.training.seed, uint64_t(42));
    QCOMPARE(c.training.steps, int64_t(20000));
    QCOMPARE(c.training.wallTimeS, 3512.5);
    QCOMPARE(c.training.hardware, written.training.hardware);
    QCOMPARE(c.training.data, written.training.data);
    QCOMPARE(c.training.date, written.training.date);
    QCOMPARE(json::parse(c.metrics), json::parse(written.metrics));
    QCOMPARE(c.weights.file, std::string("base.safetensors"));
    QCOMPARE(c.weights.sha256, ds::Sha256::ofFile(file("base.safetensors")));
    QCOMPARE(c.notes, written.notes);
    QCOMPARE(c.weightsPath(), file("base.safetensors"));

    // The JSON carries the documented keys (the form other tools read).
    const json doc = json::parse(ds::readFile(file("base.json")));
    QCOMPARE(doc["format"], json("builtin"));
    QCOMPARE(doc["input"]["border_padding"], json(8));
    QCOMPARE(doc["training"]["wall_time_s"], json(3512.5));
    QCOMPARE(doc["architecture"]["config"]["encoder"]["channels"][3], json(128));
    QCOMPARE(doc["weights"]["sha256"], json(c.weights.sha256));
    QVERIFY(!doc.contains("file"));  // the sidecar's default "base.safetensors" is right
  }

  // The card is the registry sidecar of format "builtin": ModelSidecar reads it as one.
  void isAValidRegistrySidecar() {
    const ds::ModelCard card = writtenCard();
    const ds::ModelSidecar s = ds::ModelSidecar::load(card.cardPath);
    QCOMPARE(s.format, std::string("builtin"));
    QCOMPARE(s.name, card.name);
    QCOMPARE(s.license, card.license);
    QCOMPARE(s.input.width, 256);
    QCOMPARE(s.input.height, 192);
    QVERIFY(s.output.kind == ds::DepthKind::RelativeInverseDepth);
    QCOMPARE(s.modelPath, card.weightsPath());

    // Weights under another name: the card adds "file" so the sidecar finds them too.
    const fs::path weights = file("weights-v2.safetensors");
    ds::writeFileAtomically(weights, "other bytes");
    ds::ModelCard renamed = exampleCard();
    renamed.recordWeights(weights);
    renamed.write(file("base-v2.json"));
    QCOMPARE(ds::ModelSidecar::load(file("base-v2.json")).modelPath, weights);
    QCOMPARE(ds::ModelCard::read(file("base-v2.json")).weightsPath(), weights);
  }

  void verifyWeightsAcceptsTheRecordedFile() {
    writtenCard();
    ds::ModelCard::read(file("base.json")).verifyWeights();
  }

  void changedWeightsAreRefused() {
    const ds::ModelCard card = writtenCard();
    std::ofstream(file("base.safetensors"), std::ios::binary | std::ios::app) << "x";
    const std::string msg = ds::test::errorText([&] { card.verifyWeights(); });
    QVERIFY2(msg.find(file("base.safetensors").string()) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find(file("base.json").string()) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find(card.weights.sha256) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("sha256") != std::string::npos, msg.c_str());

    fs::remove(file("base.safetensors"));
    const std::string missing = ds::test::errorText([&] { card.verifyWeights(); });
    QVERIFY2(missing.find("not found") != std::string::npos, missing.c_str());
  }

  void badCardsAreRefusedNamingTheKey() {
    refusedWith([](json& d) { d.erase("name"); }, "missing key name");
    refusedWith([](json& d) { d["format"] = "onnx"; }, "format");
    refusedWith([](json& d) { d["input"]["width"] = 0; }, "input.width");
    refusedWith([](json& d) { d["input"]["border_padding"] = -8; }, "input.border_padding");
    refusedWith([](json& d) { d["input"]["border_padding"] = 192; }, "input.border_padding");
    refusedWith([](json& d) { d["input"]["resize"] = "stretch"; }, "unknown key input.resize");
    refusedWith([](json& d) { d["output"]["kind"] = "depth"; }, "output.kind 'depth'");
    refusedWith([](json& d) { d["training"]["sed"] = 1; }, "unknown key training.sed");
    refusedWith([](json& d) { d["training"]["steps"] = -5; }, "training.steps");
    refusedWith([](json& d) { d["training"]["wall_time_s"] = "long"; }, "training.wall_time_s");
    refusedWith([](json& d) { d["architecture"].erase("network"); }, "architecture.network");
    refusedWith([](json& d) { d["architecture"]["config"] = 3; }, "architecture.config");
    refusedWith([](json& d) { d["metrics"] = json::array(); }, "metrics");
    refusedWith([](json& d) { d["weights"]["sha256"] = "abc"; }, "weights.sha256");
    refusedWith([](json& d) { d["weights"]["file"] = "../base.safetensors"; }, "weights.file");
    refusedWith([](json& d) { d.erase("weights"); }, "missing key weights");
    refusedWith([](json& d) { d["file"] = "other.safetensors"; }, "name different files");

    const fs::path broken = file("broken.json");
    ds::writeFileAtomically(broken, "{\"format\": \"builtin\",");
    const std::string msg = ds::test::errorText([&] { ds::ModelCard::read(broken); });
    QVERIFY2(msg.find(broken.string()) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("not valid JSON") != std::string::npos, msg.c_str());
  }

  void invalidCardIsNotWritten() {
    QTemporaryDir out;
    const fs::path path = fs::path(out.path().toStdString()) / "card.json";
    ds::ModelCard c = exampleCard();
    c.weights = {"card.safetensors", std::string(64, 'a')};
    c.architecture.config = "{not json";
    QVERIFY(ds::test::errorText([&] { c.write(path); }).find("architecture.config") !=
            std::string::npos);
    c = exampleCard();
    QVERIFY(ds::test::errorText([&] { c.write(path); }).find("weights.file") != std::string::npos);
    QCOMPARE(ds::test::filesIn(out.path().toStdString()), size_t(0));
    QVERIFY(c.cardPath.empty());
  }
};

QTEST_GUILESS_MAIN(tst_ModelCard)
#include "tst_ModelCard.moc"
