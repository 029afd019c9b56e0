#include <QtTest/QtTest>
#include <random>
#include <vector>

#include "core/eval/ScaleShiftFit.h"

class tst_ScaleShiftFit : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void recoversKnownScaleAndShift() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(0.5f, 20.0f);
    std::vector<float> p(1000), t(1000);
    for (size_t i = 0; i < p.size(); ++i) {
      p[i] = u(rng);
      t[i] = 2.5f * p[i] + 0.75f;
    }
    const auto fit = ds::fitScaleShift(p.data(), t.data(), nullptr, p.size());
    QVERIFY(std::abs(fit.scale - 2.5) < 1e-5);
    QVERIFY(std::abs(fit.shift - 0.75) < 1e-4);
    QVERIFY(!fit.degenerate);
    QCOMPARE(fit.samples, size_t(1000));
  }
  void maskAndWeightsSelectPixels() {
    // The last pixel is an outlier; masking it out or weighting it zero recovers the line.
    std::vector<float> p{1, 2, 3, 4}, t{3, 5, 7, 100};
    std::vector<uint8_t> m{1, 1, 1, 0};
    std::vector<float> w{1, 1, 1, 0};
    for (auto fit : {ds::fitScaleShift(p.data(), t.data(), m.data(), 4),
                     ds::fitScaleShift(p.data(), t.data(), nullptr, 4, w.data())}) {
      QVERIFY(std::abs(fit.scale - 2.0) < 1e-9);
      QVERIFY(std::abs(fit.shift - 1.0) < 1e-9);
    }
  }
  void negativeScaleBecomesConstant() {
    // An upside-down prediction may not be flipped by alignment: it scores as the target's mean.
    std::vector<float> p{1, 2, 3}, t{6, 4, 2};
    const auto fit = ds::fitScaleShift(p.data(), t.data(), nullptr, 3);
    QCOMPARE(fit.scale, 0.0);
    QVERIFY(std::abs(fit.shift - 4.0) < 1e-9);
    QVERIFY(fit.degenerate);
    const auto free = ds::fitScaleShift(p.data(), t.data(), nullptr, 3, nullptr, false);
    QVERIFY(std::abs(free.scale + 2.0) < 1e-9);
  }
  void constantPredictionIsDegenerate() {
    std::vector<float> p{2, 2, 2}, t{1, 2, 3};
    const auto fit = ds::fitScaleShift(p.data(), t.data(), nullptr, 3);
    QVERIFY(fit.degenerate);
    QVERIFY(std::abs(fit.shift - 2.0) < 1e-9);
  }
  void largeOffsetsStayAccurate() {
    std::vector<float> p, t;
    for (int i = 0; i < 100; ++i) {
      p.push_back(10000.0f + float(i) * 0.01f);
      t.push_back(3.0f * p.back() - 29990.0f);
    }
    const auto fit = ds::fitScaleShift(p.data(), t.data(), nullptr, p.size());
    QVERIFY2(std::abs(fit.scale - 3.0) < 1e-2, qPrintable(QString::number(fit.scale)));
  }
};

QTEST_GUILESS_MAIN(tst_ScaleShiftFit)
#include "tst_ScaleShiftFit.moc"
