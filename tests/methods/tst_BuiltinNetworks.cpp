#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "MethodTestNets.h"
#include "common/TestErrors.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/util/AtomicWrite.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

ModelCard cardTemplate(const std::string& name) {
  ModelCard c;
  c.name = name;
  c.inputWidth = 64;
  c.inputHeight = 48;
  c.outputKind = DepthKind::RelativeInverseDepth;
  c.training.command = "test: seeded random initialisation";
  c.notes = "untrained (test)";
  return c;
}

fs::path dirOf(const QTemporaryDir& d) {
  return fs::path(d.path().toStdString());
}

}  // namespace

class tst_BuiltinNetworks : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyNetworkReadsBackEqual() {
    QTemporaryDir dir;
    torch::manual_seed(31);
    BaseDepthNet base(test::tinyBaseConfig());
    test::wakeAll(*base, 1);
    base->eval();
    const ModelCard written =
        saveBuiltin(base, cardTemplate("tiny base"), dirOf(dir) / "tiny-base.safetensors");
    QCOMPARE(written.architecture.network, std::string("BaseDepthNet"));
    const ModelCard read = ModelCard::read(dirOf(dir) / "tiny-base.json");
    BaseDepthNet loaded = loadBaseDepthNet(read, torch::kCPU);
    torch::NoGradGuard g;
    const auto rgb = torch::rand({1, 3, 32, 48}) * 2 - 1;
    QVERIFY(test::maxAbsDiff(base->forward(rgb), loaded->forward(rgb)) < 1e-5);

    FeatureRestorer restorer(test::tinyRestorerConfig(base->config()));
    test::wakeAll(*restorer, 2, 0.05);
    saveBuiltin(restorer, cardTemplate("tiny restorer"), dirOf(dir) / "tiny-restorer.safetensors");
    FeatureRestorer r2 =
        loadFeatureRestorer(ModelCard::read(dirOf(dir) / "tiny-restorer.json"), torch::kCPU);
    QVERIFY(test::sameParameters(*restorer, *r2));

    DepthRefiner refiner(test::tinyRefinerConfig());
    test::wakeAll(*refiner, 3);
    saveBuiltin(refiner, cardTemplate("tiny refiner"), dirOf(dir) / "tiny-refiner.safetensors");
    DepthRefiner f2 =
        loadDepthRefiner(ModelCard::read(dirOf(dir) / "tiny-refiner.json"), torch::kCPU);
    QVERIFY(test::sameParameters(*refiner, *f2));

    DepthGenerator gen(test::tinyGeneratorConfig());
    test::wakeAll(*gen, 4);
    saveBuiltin(gen, cardTemplate("tiny gen"), dirOf(dir) / "tiny-gen.safetensors");
    DepthGenerator g2 =
        loadDepthGenerator(ModelCard::read(dirOf(dir) / "tiny-gen.json"), torch::kCPU);
    QVERIFY(test::sameParameters(*gen, *g2));
  }

  void aCardForAnotherNetworkIsRefused() {
    QTemporaryDir dir;
    DepthGenerator gen(test::tinyGeneratorConfig());
    saveBuiltin(gen, cardTemplate("gen"), dirOf(dir) / "gen.safetensors");
    const ModelCard card = ModelCard::read(dirOf(dir) / "gen.json");
    const QString msg = test::errorOf([&] { loadDepthRefiner(card, torch::kCPU); });
    QVERIFY2(msg.contains("DepthGenerator") && msg.contains("gen.json"), qPrintable(msg));
  }

  void changedWeightsAreRefused() {
    QTemporaryDir dir;
    DepthGenerator gen(test::tinyGeneratorConfig());
    const fs::path weights = dirOf(dir) / "gen.safetensors";
    saveBuiltin(gen, cardTemplate("gen"), weights);
    {
      std::fstream f(weights, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(-4, std::ios::end);
      f.write("\x01\x02\x03\x04", 4);
    }
    const QString msg = test::errorOf(
        [&] { loadDepthGenerator(ModelCard::read(dirOf(dir) / "gen.json"), torch::kCPU); });
    QVERIFY2(msg.contains("sha256"), qPrintable(msg));
  }

  void aConfigThatDoesNotMatchTheWeightsNamesTheTensor() {
    QTemporaryDir dir;
    DepthGenerator gen(test::tinyGeneratorConfig());
    saveBuiltin(gen, cardTemplate("gen"), dirOf(dir) / "gen.safetensors");
    // Edit the card's config to a wider network: the weights no longer fit.
    const fs::path cardPath = dirOf(dir) / "gen.json";
    auto j = nlohmann::json::parse(readFile(cardPath));
    j["architecture"]["config"]["unet"]["channels"] = {8, 32};
    writeFileAtomically(cardPath, j.dump(2));
    const QString msg =
        test::errorOf([&] { loadDepthGenerator(ModelCard::read(cardPath), torch::kCPU); });
    QVERIFY2(msg.contains("shape") && msg.contains("unet."), qPrintable(msg));
  }
};

QTEST_GUILESS_MAIN(tst_BuiltinNetworks)
#include "tst_BuiltinNetworks.moc"
