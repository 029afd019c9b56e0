#include <QtTest/QtTest>

#include "ModelTestFiles.h"
#include "core/models/ModelRegistry.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using ds::ModelRegistry;

namespace {

// Stands in for a later backend (TorchScript, built-in) to show the factory map plugs it in.
class ConstantModel final : public ds::BaseModel {
 public:
  explicit ConstantModel(const ds::ModelSidecar& s) {
    info_.name = s.name;
    info_.format = s.format;
    info_.outputKind = s.output.kind;
  }
  const ds::ModelInfo& info() const override { return info_; }
  ds::DepthMap predict(const ds::Image& image, ds::ProgressSink&, const ds::CancelToken&) override {
    return ds::DepthMap(image.width(), image.height(), info_.outputKind,
                        std::vector<float>(image.pixelCount(), 1.0f));
  }

 private:
  ds::ModelInfo info_;
};

}  // namespace

class tst_ModelRegistry : public QObject {
  Q_OBJECT
  QTemporaryDir home_;
  fs::path home() const { return home_.path().toStdString(); }

 private Q_SLOTS:
  void initTestCase() {
    // Keep the user's own model folder out of the results.
    qputenv("XDG_DATA_HOME", QByteArray::fromStdString((home() / "data").string()));
  }
  void init() { qunsetenv("DEPTHSTUDIO_MODEL_PATH"); }

  void searchFoldersInOrder() {
    qputenv("DEPTHSTUDIO_MODEL_PATH", "/first::/second");
    ModelRegistry registry;
    registry.addSearchFolder("/install/share/depthstudio/models");
    registry.addSearchFolder("/install/share/depthstudio/models");  // once only
    const std::vector<fs::path> expected{"/first", "/second", home() / "data/depthstudio/models",
                                         "/install/share/depthstudio/models"};
    QCOMPARE(registry.searchFolders(), expected);
  }

  void opensByModelPathAndSidecarPath() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    ModelRegistry registry;
    const auto byOnnx = registry.open(ds::test::pydnetOnnx().string());
    QCOMPARE(byOnnx->info().inputWidth, 640);
    QCOMPARE(byOnnx->info().path, ds::test::pydnetOnnx().string());
    const auto byJson = registry.open(ds::test::pydnetSidecar().string());
    QCOMPARE(byJson->info().sha256, byOnnx->info().sha256);
    DS_EXPECT_ERROR(registry.open((home() / "missing.onnx").string()), "missing.onnx",
                    "model file not found");
  }

  void opensByNameThroughTheEnvironment() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    QTemporaryDir models;
    const fs::path folder = models.path().toStdString();
    ds::test::writeVariant(folder, "pydnetpp_fp32_opencv");
    fs::create_directory(folder / "nested");
    ds::test::writeVariant(folder / "nested", "nested");  // the X/X.json layout
    qputenv("DEPTHSTUDIO_MODEL_PATH",
            QByteArray::fromStdString("/no/such/folder:" + folder.string()));
    ModelRegistry registry;
    const auto model = registry.open("pydnetpp_fp32_opencv");
    QCOMPARE(model->info().id, std::string("pydnetpp_fp32_opencv"));
    QCOMPARE(fs::path(model->info().path), folder / "pydnetpp_fp32_opencv.onnx");
    QVERIFY(model->info().outputKind == ds::DepthKind::RelativeDepth);
    QCOMPARE(registry.open("nested")->info().id, std::string("nested"));
  }

  void unknownNameListsWhatWasSearched() {
    QTemporaryDir models;
    const std::string folder = models.path().toStdString();
    qputenv("DEPTHSTUDIO_MODEL_PATH", QByteArray::fromStdString(folder));
    ModelRegistry registry;
    registry.addSearchFolder("/opt/depthstudio/share/models");
    DS_EXPECT_ERROR(registry.open("no_such_model"), "no model named 'no_such_model'",
                    "no_such_model.json", "no_such_model/no_such_model.json", folder,
                    (home() / "data/depthstudio/models").string(), "/opt/depthstudio/share/models");
    DS_EXPECT_ERROR(registry.open(""), "no model given");
  }

  void formatsWithoutABackendAreNamed() {
    QTemporaryDir models;
    const fs::path folder = models.path().toStdString();
    ds::writeFileAtomically(folder / "scripted.json", R"({"format": "torchscript", "name": "S",
      "input": {"width": 32, "height": 16}, "output": {"kind": "relative_inverse_depth"}})");
    ds::writeFileAtomically(folder / "scripted.pt", "weights");
    qputenv("DEPTHSTUDIO_MODEL_PATH", QByteArray::fromStdString(folder.string()));
    ModelRegistry registry;
    QCOMPARE(registry.formats(), std::vector<std::string>{"onnx"});
    DS_EXPECT_ERROR(registry.open("scripted"), "scripted.json",
                    "no backend for format 'torchscript'", "formats available: onnx");
    // A backend registered later plugs in by format.
    registry.registerBackend("torchscript", [](const ds::ModelSidecar& s, const ds::ModelOptions&) {
      return std::unique_ptr<ds::BaseModel>(std::make_unique<ConstantModel>(s));
    });
    const auto model = registry.open("scripted");
    QCOMPARE(model->info().name, std::string("S"));
    ds::NullProgress progress;
    ds::CancelToken cancel;
    QCOMPARE(model->predict(ds::Image(4, 2, 3), progress, cancel).width(), 4);
    QVERIFY_THROWS_EXCEPTION(ds::Error, registry.registerBackend("x", {}));
  }

  void availableListsTheSearchFolders() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    QTemporaryDir first, second;
    const fs::path a = first.path().toStdString(), b = second.path().toStdString();
    ds::test::writeVariant(a, "pydnet");
    ds::test::writeVariant(b, "pydnet", [](nlohmann::json& j) { j["name"] = "shadowed"; });
    ds::test::writeVariant(b, "padded", [](nlohmann::json& j) {
      j["input"]["resize"] = "keep_aspect_pad";
      j["sha256"] = std::string(64, 'f');
    });
    ds::writeFileAtomically(b / "broken.json", "{ not json");
    ds::test::writeVariant(b, "orphan", {}, /*linkModel=*/false);
    qputenv("DEPTHSTUDIO_MODEL_PATH", QByteArray::fromStdString(a.string() + ":" + b.string()));
    ModelRegistry registry;
    registry.addSearchFolder(home() / "not-created");  // absent folders are skipped
    std::vector<std::string> problems;
    const std::vector<ds::ModelInfo> models = registry.available(&problems);
    QCOMPARE(models.size(), size_t(2));
    QCOMPARE(models[0].id, std::string("pydnet"));
    QCOMPARE(models[0].name, std::string("mobilePydnet++ (fp32 ONNX)"));  // the first folder wins
    QCOMPARE(models[0].inputWidth, 640);
    QVERIFY(models[0].outputKind == ds::DepthKind::RelativeDepth);
    QCOMPARE(models[1].id, std::string("padded"));
    QCOMPARE(models[1].sha256, std::string(64, 'f'));  // as declared; nothing was loaded
    QCOMPARE(problems.size(), size_t(2));
    const std::string all = problems[0] + "\n" + problems[1];
    QVERIFY(ds::test::contains(all, "broken.json"));
    QVERIFY(ds::test::contains(all, "orphan.onnx"));
  }
};

QTEST_GUILESS_MAIN(tst_ModelRegistry)
#include "tst_ModelRegistry.moc"
