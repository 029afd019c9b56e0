// The training loop on a tiny cache: it trains (the loss falls), writes weights that load and a
// card that says how they were made, and a resumed run ends where an uninterrupted one does.
#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <fstream>

#include "common/TestErrors.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/models/ModuleWeights.h"
#include "core/synth/SynthGenerator.h"
#include "core/train/BaseTask.h"
#include "core/train/DepthGenTask.h"
#include "core/train/SynthBatches.h"
#include "core/train/SynthCache.h"
#include "core/train/Trainer.h"
#include "nn/DepthNetTestSupport.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

TrainOptions tiny(const fs::path& dir, const std::string& name, int steps) {
  TrainOptions o;
  o.model = "base";
  o.out = dir / (name + ".safetensors");
  o.cache = dir / "cache";
  o.synth.width = 32;
  o.synth.height = 32;
  o.synth.aoRays = 0;
  o.samples = 4;
  o.steps = steps;
  o.batch = 2;
  o.warmup = 1;
  o.learningRate = 3e-3;
  o.checkpointEvery = 2;
  o.device = "cpu";
  o.command = "tst_Trainer";
  return o;
}

}  // namespace

class tst_Trainer : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void cacheShardsHoldWhatTheGeneratorRenders() {
    SynthCacheOptions c;
    c.folder = fs::path(dir_.path().toStdString()) / "cache";
    c.synth = tiny(dir_.path().toStdString(), "x", 1).synth;
    c.count = 4;
    c.shardSize = 4;
    const SynthCache cache(c);
    const SynthShard s = cache.shard(0);
    QVERIFY(cache.has(0));
    QCOMPARE(s.rgb.sizes().vec(), (std::vector<int64_t>{4, 3, 32, 32}));
    const SynthSample direct = SynthGenerator(c.synth, torch::kCPU).generate(2);
    QVERIFY(torch::equal(s.depth[2], direct.depth));
    // Another rendering option: the shard no longer counts as present.
    SynthCacheOptions other = c;
    other.synth.holes = true;
    QVERIFY(!SynthCache(other).has(0));
    // A smaller split takes the first seeds of a shard rendered for a larger one...
    SynthCacheOptions fewer = c;
    fewer.count = 2;
    QVERIFY(SynthCache(fewer).has(0));
    const SynthShard f = SynthCache(fewer).shard(0);
    QCOMPARE(f.rgb.size(0), int64_t(2));
    QVERIFY(torch::equal(f.seed, s.seed.narrow(0, 0, 2)));
    QVERIFY(torch::equal(f.depth, s.depth.narrow(0, 0, 2)));
    // ...and a larger split does not count a shard that holds too few as present.
    SynthCacheOptions partial = c;
    partial.folder = c.folder.string() + "-partial";
    partial.count = 3;
    QCOMPARE(SynthCache(partial).shard(0).rgb.size(0), int64_t(3));
    QVERIFY(SynthCache(partial).has(0));
    SynthCacheOptions whole = partial;
    whole.count = 4;
    QVERIFY(!SynthCache(whole).has(0));
  }

  void resumeEndsWhereAStraightRunEnds() {
    const fs::path dir = dir_.path().toStdString();
    NullProgress none;
    CancelToken cancel;
    torch::manual_seed(0);
    BaseTask straightTask(test::tinyBaseConfig());
    const TrainReport straight =
        Trainer().run(tiny(dir, "straight", 4), straightTask, none, cancel);
    QCOMPARE(straight.steps, int64_t(4));
    {
      torch::manual_seed(0);
      BaseTask first(test::tinyBaseConfig());
      Trainer().run(tiny(dir, "resumed", 2), first, none, cancel);
    }
    TrainOptions o = tiny(dir, "resumed", 4);
    o.resume = true;
    o.borderPadding = 8;  // an inference setting: the card carries it, training ignores it
    BaseTask second(test::tinyBaseConfig());
    const TrainReport resumed = Trainer().run(o, second, none, cancel);
    QCOMPARE(resumed.firstStep, int64_t(2));
    QVERIFY(test::sameParameters(straightTask.network(), second.network()));
    // The card records the run and its weights load.
    const ModelCard card = ModelCard::read(dir / "resumed.json");
    QCOMPARE(card.training.steps, int64_t(4));
    QCOMPARE(card.borderPadding, 8);
    QCOMPARE(card.training.command, std::string("tst_Trainer"));
    QVERIFY(card.training.data.find("procedural") != std::string::npos);
    loadBaseDepthNet(card, torch::kCPU);
    // The loss log has the header and rows of both runs.
    std::ifstream csv(dir / "resumed.csv");
    std::string header;
    std::getline(csv, header);
    QCOMPARE(header, std::string("step,lr,seconds,loss,ssi,gradient"));
  }

  // --ema: the card's weights are the average, the checkpoint keeps the last step's, and a
  // resumed run carries the average on to the same end as a straight run.
  void averagedWeightsResumeAndShip() {
    const fs::path dir = dir_.path().toStdString();
    NullProgress none;
    CancelToken cancel;
    auto averaged = [&](const std::string& name, int steps, bool resume) {
      TrainOptions o = tiny(dir, name, steps);
      o.ema = 0.5;
      o.resume = resume;
      return o;
    };
    torch::manual_seed(0);
    BaseTask straight(test::tinyBaseConfig());
    Trainer().run(averaged("ema", 4, false), straight, none, cancel);
    {
      torch::manual_seed(0);
      BaseTask first(test::tinyBaseConfig());
      Trainer().run(averaged("ema-resumed", 2, false), first, none, cancel);
    }
    BaseTask second(test::tinyBaseConfig());
    Trainer().run(averaged("ema-resumed", 4, true), second, none, cancel);
    QVERIFY(test::sameParameters(straight.network(), second.network()));

    const ModelCard card = ModelCard::read(dir / "ema.json");
    QVERIFY(card.notes.find("moving average (decay 0.5)") != std::string::npos);
    BaseTask shipped(test::tinyBaseConfig()), last(test::tinyBaseConfig());
    loadModule(shipped.network(), dir / "ema.safetensors");
    loadModule(last.network(), dir / "ema.safetensors.checkpoint" / "weights.safetensors");
    QVERIFY(test::sameParameters(shipped.network(), straight.network()));
    QVERIFY(!test::sameParameters(shipped.network(), last.network()));

    // A checkpoint of a run without --ema has no average to go on with.
    {
      BaseTask plain(test::tinyBaseConfig());
      Trainer().run(tiny(dir, "plain", 2), plain, none, cancel);
    }
    BaseTask resumed(test::tinyBaseConfig());
    const QString e =
        test::errorOf([&] { Trainer().run(averaged("plain", 4, true), resumed, none, cancel); });
    QVERIFY2(e.contains("plain.safetensors.checkpoint") && e.contains("no weight average"),
             qPrintable(e));
    TrainOptions bad = tiny(dir, "x", 1);
    bad.ema = 1;
    QVERIFY(test::errorOf([&] { bad.check(); }).contains("--ema"));
  }

  void borderPaddingIsCheckedBeforeTraining() {
    TrainOptions o = tiny(dir_.path().toStdString(), "x", 1);
    o.borderPadding = 4;  // 2 * 4 breaks the encoder's multiple of 16
    QVERIFY(test::errorOf([&] { o.check(); }).contains("--border-padding"));
    o.borderPadding = 8;
    o.check();
    o.model = "refiner";
    o.base = "base.json";
    QVERIFY(test::errorOf([&] { o.check(); }).contains("belongs to a base model"));
  }

  void residualDrawIsForTheRestorerOnly() {
    TrainOptions o = tiny(dir_.path().toStdString(), "x", 1);
    o.residualDraw = true;
    QVERIFY(test::errorOf([&] { o.check(); }).contains("--residual-draw is for --model restorer"));
    o.model = "restorer";
    o.base = "base.json";
    o.synth.stereo = true;
    o.check();
  }

  void aSecondSplitIsPooledWithTheFirst() {
    const fs::path dir = dir_.path().toStdString();
    TrainOptions o = tiny(dir, "pooled", 1);
    o.samples = 2;
    o.mixCache = dir / "cache-world2";
    o.mixFirstSeed = 100;
    o.mixSamples = 3;
    BaseTask task(test::tinyBaseConfig());
    NullProgress none;
    CancelToken cancel;
    const TrainReport r = Trainer().run(o, task, none, cancel);
    QVERIFY2(
        r.card.training.data.find("pooled with seeds 100..102 of world 2") != std::string::npos,
        r.card.training.data.c_str());
    const std::vector<SynthCacheOptions> splits = o.splits();
    QCOMPARE(splits.size(), size_t(2));
    const SynthCacheOptions& first = splits[0];
    const SynthCacheOptions& second = splits[1];
    QVERIFY(SynthCache(second).has(0));  // rendered in its own folder, with world 2's signature
    const SynthBatches pooled({SynthCache(first), SynthCache(second)}, BatchOptions{}, 0, none,
                              cancel);
    QCOMPARE(pooled.samples(), int64_t(5));

    TrainOptions bad = o;
    bad.mixCache = o.cache;
    QVERIFY(test::errorOf([&] { bad.check(); }).contains("--mix-cache must differ"));
    bad = o;
    bad.mixSamples = 0;
    QVERIFY(test::errorOf([&] { bad.check(); }).contains("--mix-samples is 0"));
    bad = o;
    bad.mixSamples = -1;
    QVERIFY(test::errorOf([&] { bad.check(); }).contains("--mix-samples must not be negative"));
    bad = o;
    bad.mixCache.clear();
    QVERIFY(
        test::errorOf([&] { bad.check(); }).contains("needs its own cache folder (--mix-cache)"));
    bad = o;
    bad.mixWorld = 3;
    QVERIFY(
        test::errorOf([&] { bad.check(); }).contains("second split: synth: world must be 1 or 2"));
  }

  void trainingLowersTheLoss() {
    const fs::path dir = dir_.path().toStdString();
    TrainOptions o = tiny(dir, "fit", 60);
    o.samples = 2;
    o.checkpointEvery = 100;
    BaseTask task(test::tinyBaseConfig());
    NullProgress none;
    Trainer().run(o, task, none, CancelToken());
    std::ifstream csv(dir / "fit.csv");
    std::string line;
    std::getline(csv, line);
    std::vector<double> losses;
    while (std::getline(csv, line)) {
      const auto a = line.find(',', line.find(',', line.find(',') + 1) + 1);
      losses.push_back(std::stod(line.substr(a + 1)));
    }
    QVERIFY(losses.size() > 3);
    QVERIFY2(losses.back() < 0.8 * losses.front(),
             qPrintable(QString("%1 -> %2").arg(losses.front()).arg(losses.back())));
  }

  void cancelKeepsACheckpoint() {
    const fs::path dir = dir_.path().toStdString();
    DepthGenTask task(DepthGeneratorConfig{{4, 1, {8, 16}, 1, 8}, {}});
    TrainOptions o = tiny(dir, "cancelled", 50);
    o.model = "depthgen";
    struct CancelAt3 : ProgressSink {
      CancelToken& token;
      explicit CancelAt3(CancelToken& t) : token(t) {}
      void report(const Progress& p) override {
        if (p.stage == "train" && p.step == 3) token.cancel();
      }
    };
    CancelToken cancel;
    CancelAt3 progress(cancel);
    QVERIFY_EXCEPTION_THROWN(Trainer().run(o, task, progress, cancel), ds::Cancelled);
    QVERIFY(fs::exists(dir / "cancelled.safetensors.checkpoint" / "state.json"));
    QVERIFY(!fs::exists(dir / "cancelled.safetensors"));  // no half-finished model
  }
};

QTEST_GUILESS_MAIN(tst_Trainer)
#include "tst_Trainer.moc"
