// Sorting dropped files into what the pipeline takes: a pair (left first, whatever the drop
// order), an image with ground truth, a folder as a batch, and clear problems for bad drops.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "ui/InputSet.h"

using ds::ui::InputSet;

class tst_InputSet : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  QString touch(const QString& name) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot create %s", qPrintable(path));
    f.write("x");
    return path;
  }

 private Q_SLOTS:
  void pairIsOrderedLeftFirst() {
    const QString l = touch("aloeL.jpg"), r = touch("aloeR.jpg");
    const InputSet s = InputSet::classify({r, l});
    QCOMPARE(s.image, l);
    QCOMPARE(s.right, r);
    QVERIFY(s.groundTruth.isEmpty());
    QVERIFY(s.problem.isEmpty());
    const InputSet t = InputSet::classify({touch("view_left.png"), touch("view_right.png")});
    QVERIFY(t.image.endsWith("view_left.png"));
    QVERIFY(t.right.endsWith("view_right.png"));
  }

  void imageWithGroundTruth() {
    const QString rgb = touch("rgb.png"), gt = touch("depth.png"), npy = touch("frame.npy");
    InputSet s = InputSet::classify({gt, rgb});
    QCOMPARE(s.image, rgb);
    QCOMPARE(s.groundTruth, gt);
    QVERIFY(s.right.isEmpty());
    s = InputSet::classify({rgb, npy});
    QCOMPARE(s.groundTruth, npy);
    QVERIFY(InputSet::isDepthFile(gt));
    QVERIFY(!InputSet::isImageFile(gt));
    QVERIFY(InputSet::isImageFile(rgb));
  }

  void folderIsABatch() {
    QTemporaryDir folder;
    for (const char* n : {"c.png", "a.jpg", "b.png", "notes.txt"}) {
      QFile f(folder.filePath(n));
      QVERIFY(f.open(QIODevice::WriteOnly));
    }
    const InputSet s = InputSet::classify({folder.path()});
    QCOMPARE(s.image, folder.filePath("a.jpg"));
    QCOMPARE(s.batch, QStringList({folder.filePath("b.png"), folder.filePath("c.png")}));
    QVERIFY(s.problem.isEmpty());
  }

  void badDropsAreNamed() {
    const QString txt = touch("readme.txt");
    InputSet s = InputSet::classify({txt});
    QVERIFY(s.empty());
    QVERIFY2(s.problem.contains("readme.txt"), qPrintable(s.problem));
    s = InputSet::classify({dir_.filePath("missing.png")});
    QVERIFY(s.empty());
    QVERIFY2(s.problem.contains("missing.png") && s.problem.contains("not found"),
             qPrintable(s.problem));
    s = InputSet::classify({touch("only_depth.npy")});
    QVERIFY(s.empty());
    QVERIFY2(s.problem.contains("needs an image"), qPrintable(s.problem));
    // A good image next to a bad file is still opened, and the bad one is reported.
    s = InputSet::classify({touch("photo.jpg"), txt});
    QVERIFY(s.image.endsWith("photo.jpg"));
    QVERIFY(s.problem.contains("readme.txt"));
  }
};

QTEST_GUILESS_MAIN(tst_InputSet)
#include "tst_InputSet.moc"
