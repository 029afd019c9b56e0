#include <unistd.h>

#include <QtTest/QtTest>
#include <filesystem>
#include <fstream>

#include "common/TestErrors.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

class tst_AtomicWrite : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writesAndReadsBack() {
    QTemporaryDir dir;
    const fs::path target = fs::path(dir.path().toStdString()) / "out.txt";
    ds::writeFileAtomically(target, "hello depth");
    QCOMPARE(ds::readFile(target), std::string("hello depth"));
    QCOMPARE(ds::test::filesIn(target.parent_path()), size_t(1));
  }
  void failingWriterLeavesNothing() {
    QTemporaryDir dir;
    const fs::path target = fs::path(dir.path().toStdString()) / "mesh.ply";
    bool threw = false;
    try {
      ds::writeAtomically(target, [](const fs::path& tmp) {
        QCOMPARE(tmp.extension().string(), std::string(".ply"));  // formats go by extension
        std::ofstream(tmp) << "partial";
        throw ds::Error("simulated failure half way");
      });
    } catch (const ds::Error&) {
      threw = true;
    }
    QVERIFY(threw);
    QCOMPARE(ds::test::filesIn(target.parent_path()), size_t(0));
  }
  void failingWriterKeepsOldFile() {
    QTemporaryDir dir;
    const fs::path target = fs::path(dir.path().toStdString()) / "depth.npy";
    ds::writeFileAtomically(target, "old");
    QVERIFY_THROWS_EXCEPTION(
        ds::Error, ds::writeAtomically(target, [](const fs::path&) { throw ds::Error("boom"); }));
    QCOMPARE(ds::readFile(target), std::string("old"));
  }
  void writerThatWritesNothingIsAnError() {
    QTemporaryDir dir;
    const fs::path target = fs::path(dir.path().toStdString()) / "x.png";
    QVERIFY_THROWS_EXCEPTION(ds::Error, ds::writeAtomically(target, [](const fs::path&) {}));
    QVERIFY(!fs::exists(target));
  }
  void missingFolderIsNamed() {
    try {
      ds::writeFileAtomically("/nonexistent-folder/out.ply", "x");
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("/nonexistent-folder/out.ply") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("does not exist") != std::string::npos, msg.c_str());
    }
  }
  void unwritableFolderIsRefused() {
    if (::geteuid() == 0) {
      // root ignores permissions; /proc is unwritable for everyone.
      QVERIFY_THROWS_EXCEPTION(ds::Error, ds::writeFileAtomically("/proc/out.ply", "x"));
      return;
    }
    QTemporaryDir dir;
    fs::permissions(dir.path().toStdString(), fs::perms::owner_read | fs::perms::owner_exec);
    QVERIFY_THROWS_EXCEPTION(ds::Error,
                             ds::writeFileAtomically(dir.filePath("a.ply").toStdString(), "x"));
    fs::permissions(dir.path().toStdString(), fs::perms::owner_all);
  }
  void readMissingFileNamesIt() {
    try {
      ds::readFile("/nope/result.json");
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      QVERIFY(std::string(e.what()).find("/nope/result.json") != std::string::npos);
      QVERIFY(std::string(e.what()).find("not found") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(tst_AtomicWrite)
#include "tst_AtomicWrite.moc"
