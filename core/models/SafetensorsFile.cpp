#include "core/models/SafetensorsFile.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

// The data region is copied to and from memory as it is: the format is little-endian.
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors I/O assumes little-endian");
#endif

namespace ds {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The reference implementation refuses larger headers (a guard against memory exhaustion).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
constexpr const char* kMetadataKey = "__metadata__";
struct DtypeInfo {
  SafetensorsFile::Dtype dtype;
  const char* name;
  size_t size;
  c10::ScalarType scalarType;
};
// Indexed by Dtype.
constexpr DtypeInfo kDtypes[] = {
    {SafetensorsFile::Dtype::BOOL, "BOOL", 1, c10::ScalarType::Bool},
    {SafetensorsFile::Dtype::U8, "U8", 1, c10::ScalarType::Byte},
    {SafetensorsFile::Dtype::I8, "I8", 1, c10::ScalarType::Char},
    {SafetensorsFile::Dtype::I16, "I16", 2, c10::ScalarType::Short},
    {SafetensorsFile::Dtype::F16, "F16", 2, c10::ScalarType::Half},
    {SafetensorsFile::Dtype::BF16, "BF16", 2, c10::ScalarType::BFloat16},
    {SafetensorsFile::Dtype::I32, "I32", 4, c10::ScalarType::Int},
    {SafetensorsFile::Dtype::F32, "F32", 4, c10::ScalarType::Float},
    {SafetensorsFile::Dtype::F64, "F64", 8, c10::ScalarType::Double},
    {SafetensorsFile::Dtype::I64, "I64", 8, c10::ScalarType::Long}};
constexpr bool indexedByDtype() {
  for (size_t i = 0; i < std::size(kDtypes); ++i)
    if (size_t(kDtypes[i].dtype) != i) return false;
  return std::size(kDtypes) == size_t(SafetensorsFile::Dtype::I64) + 1;
}
static_assert(indexedByDtype(), "kDtypes must list every Dtype in the enum's order");

std::string knownDtypes() {
  std::string out;
  for (const DtypeInfo& d : kDtypes)
    out += (out.empty() ? "" : ", ") + std::string(d.name);
  return out;
}

template <typename T>
std::string listText(const std::vector<T>& values) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < values.size(); ++i)
    out << (i ? ", " : "") << values[i];
  out << "]";
  return out.str();
}

std::string rangeText(const SafetensorsFile::TensorInfo& t) {
  return "[" + std::to_string(t.begin) + ", " + std::to_string(t.end) + "]";
}

// Parses the header, refusing duplicate keys at any level (the format forbids them and a JSON
// parser would silently keep the last one: two readers could then see different tensors).
json parseHeader(const fs::path& path, const std::string& text) {
  std::vector<std::set<std::string>> openObjects;
  std::string duplicate;
  const json::parser_callback_t watch = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      openObjects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!openObjects.empty()) openObjects.pop_back();
    } else if (event == json::parse_event_t::key && !openObjects.empty()) {
      const std::string key = parsed.get<std::string>();
      if (!openObjects.back().insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(text, watch);
  } catch (const json::exception& e) {
    throw Error::file(path, std::string("header is not valid JSON (") + e.what() + ")");
  }
  if (!duplicate.empty())
    throw Error::file(path, "header declares '" + duplicate +
                                "' more than once (the format forbids duplicate keys)");
  if (!doc.is_object()) throw Error::file(path, "header is not a JSON object");
  return doc;
}

bool isCount(const json& v) {
  return v.is_number_unsigned() &&
         v.get<uint64_t>() <= uint64_t(std::numeric_limits<int64_t>::max());
}

SafetensorsFile::TensorInfo parseTensor(const fs::path& path, const std::string& name,
                                        const json& entry) {
  auto fail = [&](const std::string& problem) {
    return Error::file(path, "tensor '" + name + "' " + problem);
  };
  if (!entry.is_object())
    throw fail("is not described by a JSON object (got " + entry.dump() + ")");
  SafetensorsFile::TensorInfo info;

  const auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string()) throw fail("has no \"dtype\" string");
  const std::string dtypeName = dtype->get<std::string>();
  const auto* found = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                   [&](const DtypeInfo& d) { return dtypeName == d.name; });
  if (found == std::end(kDtypes))
    throw fail("has dtype '" + dtypeName + "', which is not one that DepthStudio reads (" +
               knownDtypes() + ")");
  info.dtype = found->dtype;

  const auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array() ||
      !std::all_of(shape->begin(), shape->end(), isCount))
    throw fail("needs a \"shape\" array of non-negative integers (got " +
               (shape == entry.end() ? std::string("none") : shape->dump()) + ")");
  for (const json& d : *shape)
    info.shape.push_back(int64_t(d.get<uint64_t>()));

  const auto offsets = entry.find("data_offsets");
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
      !std::all_of(offsets->begin(), offsets->end(), isCount))
    throw fail("needs \"data_offsets\" [begin, end] of non-negative integers (got " +
               (offsets == entry.end() ? std::string("none") : offsets->dump()) + ")");
  info.begin = (*offsets)[0].get<uint64_t>();
  info.end = (*offsets)[1].get<uint64_t>();
  if (info.end < info.begin)
    throw fail("has data_offsets " + rangeText(info) + " that end before they begin");

  // Element count times element size, refusing shapes whose byte size does not fit 64 bits.
  uint64_t bytes = SafetensorsFile::elementSize(info.dtype);
  for (int64_t d : info.shape) {
    if (d != 0 && bytes > std::numeric_limits<uint64_t>::max() / uint64_t(d))
      throw fail("has shape " + listText(info.shape) + ", too large to address");
    bytes *= uint64_t(d);
  }
  if (info.end - info.begin != bytes)
    throw fail("has shape " + listText(info.shape) + " of " + dtypeName + " (" +
               std::to_string(bytes) + " bytes), but its data_offsets " + rangeText(info) +
               " span " + std::to_string(info.end - info.begin) + " bytes");
  return info;
}

// The tensors must tile the data region exactly: inside it, no overlap (one byte, two meanings)
// and no holes (the format forbids them so that a file cannot smuggle other content).
void checkCoverage(const fs::path& path,
                   const std::map<std::string, SafetensorsFile::TensorInfo>& tensors,
                   uint64_t dataBytes) {
  std::vector<const std::pair<const std::string, SafetensorsFile::TensorInfo>*> order;
  for (const auto& t : tensors)
    order.push_back(&t);
  std::sort(order.begin(), order.end(), [](auto* a, auto* b) {
    return std::tie(a->second.begin, a->second.end, a->first) <
           std::tie(b->second.begin, b->second.end, b->first);
  });
  uint64_t covered = 0;
  const std::pair<const std::string, SafetensorsFile::TensorInfo>* previous = nullptr;
  for (const auto* t : order) {
    if (t->second.begin < covered)
      throw Error::file(path, "tensors '" + previous->first + "' and '" + t->first +
                                  "' overlap (data_offsets " + rangeText(previous->second) +
                                  " and " + rangeText(t->second) + ")");
    if (t->second.begin > covered)
      throw Error::file(path, "data bytes [" + std::to_string(covered) + ", " +
                                  std::to_string(t->second.begin) +
                                  ") belong to no tensor (a hole before tensor '" + t->first +
                                  "'; the format allows none)");
    // In data order, the first tensor past the end is the one a truncation cut.
    if (t->second.end > dataBytes)
      throw Error::file(path, "tensor '" + t->first + "' has data_offsets " + rangeText(t->second) +
                                  " beyond the end of the data (" + std::to_string(dataBytes) +
                                  " bytes): the file is truncated or its header corrupt");
    covered = t->second.end;
    previous = t;
  }
  if (covered != dataBytes)
    throw Error::file(path, "the last " + std::to_string(dataBytes - covered) +
                                " bytes of the data belong to no tensor (" +
                                (previous ? "after tensor '" + previous->first + "'"
                                          : std::string("the header declares no tensors")) +
                                "; the format allows no trailing data)");
}

}  // namespace

SafetensorsFile SafetensorsFile::open(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error::file(path, "file not found");
  if (fs::is_directory(path, ec)) throw Error::file(path, "is a folder, not a safetensors file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::file(path, std::string("cannot open: ") + std::strerror(errno));
  const uint64_t fileBytes = fs::file_size(path, ec);
  if (ec) throw Error::file(path, "cannot read its size: " + ec.message());
  if (fileBytes < 8)
    throw Error::file(path, "file is " + std::to_string(fileBytes) +
                                " bytes, too short for a safetensors file (8-byte header length "
                                "first)");

  unsigned char lengthBytes[8];
  in.read(reinterpret_cast<char*>(lengthBytes), 8);
  uint64_t headerBytes = 0;
  for (int i = 7; i >= 0; --i)
    headerBytes = (headerBytes << 8) | lengthBytes[i];
  if (headerBytes > kMaxHeaderBytes)
    throw Error::file(path, "header length " + std::to_string(headerBytes) +
                                " is over the format's limit of 100000000 bytes (not a "
                                "safetensors file, or a corrupt one)");
  if (headerBytes > fileBytes - 8)
    throw Error::file(path, "header length " + std::to_string(headerBytes) +
                                " runs past the end of the file (" + std::to_string(fileBytes - 8) +
                                " bytes follow the length): truncated or not a safetensors file");
  std::string header(headerBytes, '\0');
  in.read(header.data(), std::streamsize(headerBytes));
  if (!in) throw Error::file(path, "could not read the header");
  if (header.empty() || header[0] != '{')
    throw Error::file(path,
                      "header does not start with '{' (not a safetensors file, or a "
                      "corrupt one)");

  SafetensorsFile file;
  file.path_ = path;
  file.dataStart_ = 8 + headerBytes;
  const uint64_t dataBytes = fileBytes - file.dataStart_;
  const json doc = parseHeader(path, header);
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != kMetadataKey) {
      file.tensors_[it.key()] = parseTensor(path, it.key(), it.value());
      continue;
    }
    if (!it->is_object()) throw Error::file(path, "__metadata__ is not a JSON object");
    for (auto m = it->begin(); m != it->end(); ++m) {
      if (!m->is_string())
        throw Error::file(path, "__metadata__ '" + m.key() + "' is not a string (got " + m->dump() +
                                    "); the format allows only strings");
      file.metadata_[m.key()] = m->get<std::string>();
    }
  }
  checkCoverage(path, file.tensors_, dataBytes);
  return file;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto& t : tensors_)
    out.push_back(t.first);
  std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
    const TensorInfo &x = tensors_.at(a), &y = tensors_.at(b);
    return std::tie(x.begin, x.end) < std::tie(y.begin, y.end);
  });
  return out;
}

const SafetensorsFile::TensorInfo& SafetensorsFile::info(const std::string& name) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end())
    throw Error::file(
        path_, "has no tensor '" + name + "' (it holds " + std::to_string(tensors_.size()) + ")");
  return it->second;
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const {
  const TensorInfo& t = info(name);
  // Booleans are read as bytes and compared with 0: a byte other than 0/1 in a torch bool tensor
  // is undefined behaviour, and this file is untrusted input.
  const auto stored = t.dtype == Dtype::BOOL ? at::kByte : scalarType(t.dtype);
  at::Tensor out;
  try {
    out = at::empty(t.shape, at::TensorOptions().dtype(stored).device(at::kCPU));
  } catch (const c10::Error& e) {  // e.g. no memory for it
    throw Error::file(path_, "tensor '" + name + "': cannot allocate shape " + listText(t.shape) +
                                 " (" + e.what_without_backtrace() + ")");
  }
  const uint64_t bytes = t.end - t.begin;
  if (bytes > 0) {
    std::ifstream in(path_, std::ios::binary);
    in.seekg(std::streamoff(dataStart_ + t.begin));
    in.read(static_cast<char*>(out.data_ptr()), std::streamsize(bytes));
    if (!in || uint64_t(in.gcount()) != bytes)
      throw Error::file(path_, "tensor '" + name + "': could not read its " +
                                   std::to_string(bytes) +
                                   " bytes (was the file changed after it was opened?)");
  }
  return t.dtype == Dtype::BOOL ? out.ne(0) : out;
}

void SafetensorsFile::write(const fs::path& path,
                            const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                            const std::map<std::string, std::string>& metadata) {
  struct Entry {
    std::string name;
    Dtype dtype;
    at::Tensor data;
  };
  std::vector<Entry> entries;
  std::set<std::string> seen;
  for (const auto& [name, tensor] : tensors) {
    auto fail = [&](const std::string& problem) {
      return Error::file(path, "cannot write tensor '" + name + "': " + problem);
    };
    if (name == kMetadataKey) throw fail("the name is reserved for the metadata");
    if (!seen.insert(name).second) throw fail("the name appears twice");
    if (!tensor.defined()) throw fail("the tensor is undefined");
    const auto dtype = fromScalarType(tensor.scalar_type());
    if (!dtype)
      throw fail(std::string("its type ") + c10::toString(tensor.scalar_type()) +
                 " is not one of " + knownDtypes());
    entries.push_back({name, *dtype, tensor.detach().to(at::kCPU).contiguous()});
  }
  // The reference writer's order: descending alignment keeps every tensor aligned in the file.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.dtype != b.dtype) return a.dtype > b.dtype;
    return a.name < b.name;
  });

  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) {
    nlohmann::ordered_json meta = nlohmann::ordered_json::object();
    for (const auto& [key, value] : metadata)
      meta[key] = value;
    header[kMetadataKey] = std::move(meta);
  }
  uint64_t offset = 0;
  for (const Entry& e : entries) {
    const uint64_t bytes = uint64_t(e.data.numel()) * elementSize(e.dtype);
    nlohmann::ordered_json info = nlohmann::ordered_json::object();  // the reference's key order
    info["dtype"] = toString(e.dtype);
    info["shape"] = e.data.sizes().vec();
    info["data_offsets"] = nlohmann::ordered_json::array({offset, offset + bytes});
    header[e.name] = std::move(info);
    offset += bytes;
  }
  std::string text;
  try {
    text = header.dump();  // compact, as the reference writes it
  } catch (const nlohmann::ordered_json::exception& e) {
    throw Error::file(
        path, std::string("a tensor name or metadata text is not UTF-8 (") + e.what() + ")");
  }
  text.append((8 - text.size() % 8) % 8, ' ');  // the data region starts 8-byte aligned

  writeAtomically(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out)
      throw Error::file(path, std::string("cannot open for writing: ") + std::strerror(errno));
    char length[8];
    for (int i = 0; i < 8; ++i)
      length[i] = char((uint64_t(text.size()) >> (8 * i)) & 0xff);
    out.write(length, 8);
    out.write(text.data(), std::streamsize(text.size()));
    for (const Entry& e : entries)
      if (e.data.numel() > 0)
        out.write(static_cast<const char*>(e.data.data_ptr()),
                  std::streamsize(uint64_t(e.data.numel()) * elementSize(e.dtype)));
    out.flush();
    if (!out) throw Error::file(path, "write failed (disk full?)");
  });
}

const char* SafetensorsFile::toString(Dtype dtype) {
  return kDtypes[size_t(dtype)].name;
}

size_t SafetensorsFile::elementSize(Dtype dtype) {
  return kDtypes[size_t(dtype)].size;
}

c10::ScalarType SafetensorsFile::scalarType(Dtype dtype) {
  return kDtypes[size_t(dtype)].scalarType;
}

std::optional<SafetensorsFile::Dtype> SafetensorsFile::fromScalarType(c10::ScalarType type) {
  for (const DtypeInfo& d : kDtypes)
    if (d.scalarType == type) return d.dtype;
  return std::nullopt;
}

}  // namespace ds
