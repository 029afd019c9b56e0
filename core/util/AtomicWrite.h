#pragma once
// Every output goes to a temporary file beside the target and is renamed into place only when it
// is complete, so a crash, a full disk or a bad input never leaves a half-written file.
#include <filesystem>
#include <functional>
#include <string>

namespace ds {

// Checks that `target`'s folder exists and is writable; throws ds::Error naming the path if not.
void checkWritable(const std::filesystem::path& target);

// Calls `writer` with a temporary path in the target's folder that keeps the target's extension
// (libraries pick formats by extension), then renames it onto `target`. If `writer` throws or
// leaves no non-empty file, the temporary is removed and ds::Error (or the original) is thrown.
void writeAtomically(const std::filesystem::path& target,
                     const std::function<void(const std::filesystem::path& tmp)>& writer);

// Convenience for bytes and text.
void writeFileAtomically(const std::filesystem::path& target, const std::string& bytes);

// Reads a whole file; throws ds::Error naming the path when it is missing or unreadable.
std::string readFile(const std::filesystem::path& path);

}  // namespace ds
