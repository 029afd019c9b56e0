#include "core/models/OnnxGraphSignature.h"

#include <algorithm>
#include <functional>
#include <set>

#include "core/util/Error.h"

namespace ds {

namespace {

// Thrown inside the walker; turned into a ds::Error naming the file at the top.
struct Malformed {
  std::string why;
};

struct Span {
  const uint8_t* begin;
  const uint8_t* end;
  std::string text() const {
    return std::string(reinterpret_cast<const char*>(begin), end - begin);
  }
};

uint64_t readVarint(const uint8_t*& p, const uint8_t* end) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) throw Malformed{"the file ends inside a field"};
    const uint8_t byte = *p++;
    value |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
  throw Malformed{"a varint is longer than 10 bytes"};
}

// Calls `onField(field, span)` for every length-delimited field of a message and checks that the
// other fields are well-formed; groups (wire types 3/4, unused by ONNX) mean this is not ONNX.
void forEachField(Span msg, const std::function<void(uint64_t field, Span value)>& onField,
                  uint64_t* varintField1 = nullptr) {
  const uint8_t* p = msg.begin;
  while (p < msg.end) {
    const uint64_t tag = readVarint(p, msg.end);
    const uint64_t field = tag >> 3;
    if (field == 0) throw Malformed{"a field has number 0"};
    switch (tag & 7) {
      case 0: {
        const uint64_t v = readVarint(p, msg.end);
        if (field == 1 && varintField1) *varintField1 = v;
        break;
      }
      case 1:
        if (msg.end - p < 8) throw Malformed{"the file ends inside a field"};
        p += 8;
        break;
      case 5:
        if (msg.end - p < 4) throw Malformed{"the file ends inside a field"};
        p += 4;
        break;
      case 2: {
        const uint64_t len = readVarint(p, msg.end);
        if (len > uint64_t(msg.end - p)) throw Malformed{"the file ends inside a field"};
        onField(field, Span{p, p + len});
        p += len;
        break;
      }
      default:
        throw Malformed{"unexpected protobuf wire type " + std::to_string(tag & 7)};
    }
  }
}

OnnxGraphSignature::Tensor readValueInfo(Span valueInfo) {
  OnnxGraphSignature::Tensor t;
  forEachField(valueInfo, [&](uint64_t f, Span v) {
    if (f == 1) t.name = v.text();
    if (f != 2) return;  // TypeProto
    forEachField(v, [&](uint64_t f, Span tensorType) {
      if (f != 1) return;  // TypeProto.tensor_type
      forEachField(tensorType, [&](uint64_t f, Span shape) {
        if (f != 2) return;  // Tensor.shape
        t.hasShape = true;
        forEachField(shape, [&](uint64_t f, Span dim) {
          if (f != 1) return;  // TensorShapeProto.dim
          int64_t value = -1;
          std::string param;
          const uint8_t* p = dim.begin;
          // Dimension: dim_value (1, varint) | dim_param (2, string) | denotation (3).
          while (p < dim.end) {
            const uint64_t tag = readVarint(p, dim.end);
            if (tag == (1 << 3 | 0)) {
              value = int64_t(readVarint(p, dim.end));
            } else if ((tag & 7) == 2) {
              const uint64_t len = readVarint(p, dim.end);
              if (len > uint64_t(dim.end - p)) throw Malformed{"the file ends inside a field"};
              if ((tag >> 3) == 2) param.assign(reinterpret_cast<const char*>(p), len);
              p += len;
            } else if ((tag & 7) == 0) {
              readVarint(p, dim.end);
            } else {
              throw Malformed{"unexpected field in a tensor dimension"};
            }
          }
          t.dims.push_back(value > 0 ? value : -1);
          t.dimNames.push_back(value > 0 ? std::string() : param);
        });
      });
    });
  });
  return t;
}

}  // namespace

std::string OnnxGraphSignature::Tensor::shapeText() const {
  if (!hasShape) return "[unknown shape]";
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) s += ",";
    s += dims[i] > 0 ? std::to_string(dims[i]) : (dimNames[i].empty() ? "?" : dimNames[i]);
  }
  return s + "]";
}

OnnxGraphSignature OnnxGraphSignature::parse(const std::string& bytes,
                                             const std::filesystem::path& path) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  OnnxGraphSignature sig;
  try {
    uint64_t irVersion = 0;
    bool haveGraph = false;
    std::vector<Tensor> declaredInputs;
    std::set<std::string> initializers;
    forEachField(
        Span{data, data + bytes.size()},
        [&](uint64_t f, Span graph) {
          if (f != 7) return;  // ModelProto.graph
          haveGraph = true;
          forEachField(graph, [&](uint64_t f, Span v) {
            if (f == 11) declaredInputs.push_back(readValueInfo(v));
            if (f == 12) sig.outputs_.push_back(readValueInfo(v));
            if (f == 5)  // TensorProto initializer: only its name (8) matters here
              forEachField(v, [&](uint64_t f, Span name) {
                if (f == 8) initializers.insert(name.text());
              });
          });
        },
        &irVersion);
    if (!haveGraph || irVersion == 0) throw Malformed{"no ONNX model graph in it"};
    for (Tensor& t : declaredInputs)
      if (!initializers.count(t.name)) sig.inputs_.push_back(std::move(t));
    if (sig.inputs_.empty() || sig.outputs_.empty())
      throw Malformed{"its graph declares no inputs or no outputs"};
  } catch (const Malformed& m) {
    throw Error::file(path, "not an ONNX model or truncated (" + m.why + ")");
  }
  return sig;
}

const OnnxGraphSignature::Tensor* OnnxGraphSignature::findInput(const std::string& name) const {
  auto it =
      std::find_if(inputs_.begin(), inputs_.end(), [&](const Tensor& t) { return t.name == name; });
  return it == inputs_.end() ? nullptr : &*it;
}

const OnnxGraphSignature::Tensor* OnnxGraphSignature::findOutput(const std::string& name) const {
  auto it = std::find_if(outputs_.begin(), outputs_.end(),
                         [&](const Tensor& t) { return t.name == name; });
  return it == outputs_.end() ? nullptr : &*it;
}

std::string OnnxGraphSignature::describe(const std::vector<Tensor>& tensors) {
  std::string s;
  for (const Tensor& t : tensors)
    s += (s.empty() ? "" : ", ") + t.name + " " + t.shapeText();
  return s;
}

}  // namespace ds
