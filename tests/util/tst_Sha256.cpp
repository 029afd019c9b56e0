#include <QtTest/QtTest>
#include <fstream>

#include "core/util/Error.h"
#include "core/util/Sha256.h"

class tst_Sha256 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void knownVectors() {
    // FIPS 180-2 test vectors.
    QCOMPARE(ds::Sha256::ofBytes(""),
             std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(ds::Sha256::ofBytes("abc"),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(ds::Sha256::ofBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  }
  void millionAs() {
    ds::Sha256 h;
    const std::string chunk(1000, 'a');
    for (int i = 0; i < 1000; ++i)
      h.update(chunk.data(), chunk.size());
    QCOMPARE(h.hexDigest(),
             std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  }
  void fileMatchesBytes() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("f.bin").toStdString();
    std::string data;
    for (int i = 0; i < 200000; ++i)
      data.push_back(char(i * 7));
    std::ofstream(path, std::ios::binary) << data;
    QCOMPARE(ds::Sha256::ofFile(path), ds::Sha256::ofBytes(data));
  }
  void missingFileNamesIt() {
    try {
      ds::Sha256::ofFile("/nonexistent/model.onnx");
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      QVERIFY(std::string(e.what()).find("/nonexistent/model.onnx") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(tst_Sha256)
#include "tst_Sha256.moc"
