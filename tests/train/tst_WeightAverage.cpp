// The moving average of weights: its value after known updates, its warm-up, that copyTo writes
// it onto the network, and a checkpoint round trip that refuses another network's average.
#include <torch/nn/modules/linear.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <fstream>

#include "common/TestErrors.h"
#include "core/train/WeightAverage.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

void setWeights(torch::nn::Linear& net, float value) {
  torch::NoGradGuard noGrad;
  net->weight.fill_(value);
  net->bias.fill_(-value);
}

}  // namespace

class tst_WeightAverage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void averagesKnownUpdates() {
    torch::nn::Linear net(2, 1);
    setWeights(net, 0);
    WeightAverage average(*net, 0.5);
    setWeights(net, 1);
    average.update(*net, 100);  // past the warm-up: decay 0.5
    setWeights(net, 3);
    average.update(*net, 101);
    average.copyTo(*net);  // 0.5 * (0.5 * 0 + 0.5 * 1) + 0.5 * 3
    QVERIFY(torch::allclose(net->weight, torch::full({1, 2}, 1.75)));
    QVERIFY(torch::allclose(net->bias, torch::full({1}, -1.75)));
    QVERIFY(!net->weight.grad().defined());
  }

  void warmUpForgetsTheInitialisation() {
    torch::nn::Linear net(2, 1);
    const WeightAverage average(*net, 0.999);
    QCOMPARE(average.decayAt(0), 0.1);
    QCOMPARE(average.decayAt(1000), 1001.0 / 1010.0);
    QCOMPARE(average.decayAt(100000), 0.999);
  }

  void badDecayIsRefused() {
    torch::nn::Linear net(2, 1);
    QVERIFY(test::errorOf([&] { WeightAverage(*net, 1.0); }).contains("decay"));
    QVERIFY(test::errorOf([&] { WeightAverage(*net, -0.1); }).contains("decay"));
  }

  void checkpointRoundTrip() {
    const fs::path file = fs::path(dir_.path().toStdString()) / "average.pt";
    torch::nn::Linear net(3, 2);
    setWeights(net, 2);
    WeightAverage saved(*net, 0.9);
    saved.save(file);
    setWeights(net, 7);
    WeightAverage loaded(*net, 0.9);
    loaded.load(file);
    loaded.copyTo(*net);
    QVERIFY(torch::allclose(net->weight, torch::full({2, 3}, 2.0)));

    torch::nn::Linear other(4, 2);
    WeightAverage wrong(*other, 0.9);
    const QString shape = test::errorOf([&] { wrong.load(file); });
    QVERIFY2(shape.contains("average.pt") && shape.contains("shape"), qPrintable(shape));

    const fs::path garbage = fs::path(dir_.path().toStdString()) / "garbage.pt";
    std::ofstream(garbage) << "not a tensor archive";
    const QString broken = test::errorOf([&] { loaded.load(garbage); });
    QVERIFY2(broken.contains("garbage.pt") && broken.contains("cannot be loaded"),
             qPrintable(broken));
  }
};

QTEST_GUILESS_MAIN(tst_WeightAverage)
#include "tst_WeightAverage.moc"
