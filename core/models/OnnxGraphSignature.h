#pragma once
// The named inputs and outputs of an ONNX graph with their declared shapes. OpenCV's importer does
// not expose them, so this reads them straight from the protobuf bytes with a minimal wire-format
// walker (no protobuf dependency): ModelProto.graph(7) -> GraphProto.input(11) / output(12) /
// initializer(5) -> ValueInfoProto name(1), type(2) -> TypeProto.tensor_type(1) -> shape(2) ->
// dim(1) -> dim_value(1) | dim_param(2).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ds {

class OnnxGraphSignature {
 public:
  struct Tensor {
    std::string name;
    bool hasShape = false;              // false when the graph declares no shape at all
    std::vector<int64_t> dims;          // -1 where the size is symbolic (dim_param) or unknown
    std::string shapeText() const;      // "[1,3,448,640]", "[N,3,?,?]"-like with '?' for unknown
    std::vector<std::string> dimNames;  // the dim_param text, empty for fixed sizes
  };

  // Throws ds::Error naming `path` when `bytes` are not a complete ONNX ModelProto (truncated,
  // another file type, no graph).
  static OnnxGraphSignature parse(const std::string& bytes, const std::filesystem::path& path);

  // Graph inputs that are real inputs (initializers listed as inputs by old exporters are dropped).
  const std::vector<Tensor>& inputs() const { return inputs_; }
  const std::vector<Tensor>& outputs() const { return outputs_; }
  const Tensor* findInput(const std::string& name) const;
  const Tensor* findOutput(const std::string& name) const;
  // "a [1,3,448,640], b [..]" for error messages.
  static std::string describe(const std::vector<Tensor>& tensors);

 private:
  std::vector<Tensor> inputs_, outputs_;
};

}  // namespace ds
