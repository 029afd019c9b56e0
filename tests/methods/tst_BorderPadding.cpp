#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include "common/TestErrors.h"
#include "core/methods/BorderPadding.h"

using namespace ds;

class tst_BorderPadding : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void mirrorsTheImageOutwards() {
    const auto x = at::arange(2 * 3 * 20 * 24, at::kFloat).view({2, 3, 20, 24});
    const BorderPadding border(8);
    const auto p = border.pad(x);
    QCOMPARE(p.sizes().vec(), (std::vector<int64_t>{2, 3, 36, 40}));
    // Reflection without repeating the edge: padded row 8 - k is image row k, column likewise.
    for (int k = 1; k <= 8; ++k) {
      QVERIFY(p.select(2, 8 - k).narrow(-1, 8, 24).equal(x.select(2, k)));
      QVERIFY(p.select(3, 8 - k).narrow(-1, 8, 20).equal(x.select(3, k)));
      QVERIFY(p.select(2, 27 + k).narrow(-1, 8, 24).equal(x.select(2, 19 - k)));
    }
  }

  void cropUndoesPad() {
    const auto x = at::randn({1, 1, 16, 32});
    const BorderPadding border(8);
    QVERIFY(border.crop(border.pad(x)).equal(x));
    // Nothing at all without padding.
    const BorderPadding none;
    QVERIFY(none.pad(x).is_same(x));
    QVERIFY(none.crop(x).is_same(x));
  }

  void impossibleAmountsAreRefused() {
    QVERIFY(test::errorOf([] { BorderPadding(-1); }).contains("0..4096"));
    QVERIFY(test::errorOf([] { BorderPadding(4).checkFits(16); }).contains("multiple 16"));
    BorderPadding(8).checkFits(16);  // 2 * 8 keeps a multiple of 16 a multiple of 16
    QVERIFY(test::errorOf([] {
              BorderPadding(8).pad(at::zeros({1, 3, 8, 32}));
            }).contains("larger"));
    QVERIFY(test::errorOf([] {
              BorderPadding(8).crop(at::zeros({1, 1, 16, 40}));
            }).contains("cannot crop"));
  }
};

QTEST_APPLESS_MAIN(tst_BorderPadding)
#include "tst_BorderPadding.moc"
