#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/methods/EnsembleReducer.h"

using ds::EnsembleReducer;
using ds::EnsembleReduction;

class tst_EnsembleReducer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void affineCopiesAgreeAfterAlignment() {
    // Three members that are the same map up to positive scale and shift: after alignment they
    // coincide, so the spread is ~0 and the result is the reference map's shape.
    torch::manual_seed(1);
    auto base = torch::rand({1, 1, 16, 16});
    auto members = torch::cat({base, base * 2 + 1, base * 0.5 - 0.3});
    auto r = EnsembleReducer::reduce(members, EnsembleReduction::Median);
    QVERIFY(r.uncertainty.abs().max().item<float>() < 1e-4);
    // the combined map is an affine copy of base: correlation 1
    auto c = r.combined.flatten(), b = base.flatten();
    auto corr = ((c - c.mean()) * (b - b.mean())).mean() / (c.std(false) * b.std(false));
    QVERIFY(corr.item<float>() > 0.9999f);
  }

  void spreadMeasuresDisagreement() {
    // Members differ by noise of known standard deviation at each pixel.
    torch::manual_seed(2);
    auto base = torch::linspace(-1, 1, 64 * 64).view({1, 1, 64, 64});
    auto members = base.repeat({32, 1, 1, 1}) + 0.1 * torch::randn({32, 1, 64, 64});
    auto r = EnsembleReducer::reduce(members, EnsembleReduction::Mean);
    const float meanSpread = r.uncertainty.mean().item<float>();
    QVERIFY2(std::abs(meanSpread - 0.1f) < 0.01f, qPrintable(QString::number(meanSpread)));
    QVERIFY((r.combined - base).abs().mean().item<float>() < 0.03f);
  }

  void medianResistsAnOutlierMember() {
    auto base = torch::linspace(0, 1, 100).view({1, 1, 10, 10});
    auto outlier = torch::rand({1, 1, 10, 10});  // unrelated map
    auto members = torch::cat({base, base, base, outlier});
    auto med = EnsembleReducer::reduce(members, EnsembleReduction::Median).combined;
    QVERIFY((med - base).abs().max().item<float>() < 1e-5);
  }

  void singleMemberPassesThrough() {
    auto m = torch::rand({1, 1, 5, 7});
    auto r = EnsembleReducer::reduce(m, EnsembleReduction::Median);
    QVERIFY(torch::equal(r.combined, m));
    QCOMPARE(r.uncertainty.abs().max().item<float>(), 0.0f);
  }
};

QTEST_GUILESS_MAIN(tst_EnsembleReducer)
#include "tst_EnsembleReducer.moc"
