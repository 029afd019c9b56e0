#include "core/util/AtomicWrite.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

fs::path temporaryBeside(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  std::ostringstream name;
  name << "." << target.stem().string() << ".partial-" << ::getpid() << "-" << counter++
       << target.extension().string();
  return target.parent_path() / name.str();
}

}  // namespace

void checkWritable(const fs::path& target) {
  if (target.empty()) throw Error("empty output path");
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (!fs::exists(dir, ec))
    throw Error::file(target, "folder '" + dir.string() + "' does not exist");
  if (!fs::is_directory(dir, ec))
    throw Error::file(target, "'" + dir.string() + "' is not a folder");
  if (::access(dir.c_str(), W_OK) != 0)
    throw Error::file(
        target, "folder '" + dir.string() + "' is not writable (" + std::strerror(errno) + ")");
  if (fs::is_directory(target, ec)) throw Error::file(target, "is a folder, not a file");
}

void writeAtomically(const fs::path& target, const std::function<void(const fs::path&)>& writer) {
  checkWritable(target);
  const fs::path tmp = temporaryBeside(target);
  std::error_code ec;
  try {
    writer(tmp);
    if (!fs::exists(tmp, ec) || fs::file_size(tmp, ec) == 0 || ec)
      throw Error::file(target, "writing failed (nothing was written)");
    fs::rename(tmp, target, ec);
    if (ec)
      throw Error::file(target, "could not move the finished file into place: " + ec.message());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

void writeFileAtomically(const fs::path& target, const std::string& bytes) {
  writeAtomically(target, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out)
      throw Error::file(target, std::string("cannot open for writing: ") + std::strerror(errno));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw Error::file(target, "write failed (disk full?)");
  });
}

std::string readFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error::file(path, "file not found");
  if (fs::is_directory(path, ec)) throw Error::file(path, "is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::file(path, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error::file(path, "read failed");
  return buffer.str();
}

}  // namespace ds
