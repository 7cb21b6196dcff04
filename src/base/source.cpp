// SourceFile: line starts recorded once, binary search for line/column.
#include "base/source.hpp"

#include <algorithm>
#include <cstring>

namespace factloom {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  const char *const begin = text_.data();
  const char *const end = begin + text_.size();
  for (const char *p = begin;
       (p = static_cast<const char *>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
       nullptr;) {
    ++p;
    line_starts_.push_back(static_cast<std::uint32_t>(p - begin));
  }
}

LineCol SourceFile::locate(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  const std::size_t start = line_starts_[line_index];
  std::uint32_t column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U)
      ++column;
  }
  return {static_cast<std::uint32_t>(line_index + 1), column};
}

std::uint32_t SourceFile::line_of(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size())
    return {};
  const std::size_t start = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r'))
    --end;
  return std::string_view(text_).substr(start, end - start);
}

SourceSet::SourceSet() { files_.emplace_back("", ""); }

std::uint32_t SourceSet::add(std::string name, std::string text) {
  files_.emplace_back(std::move(name), std::move(text));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::uint32_t SourceSet::add(SourceFile file) {
  files_.push_back(std::move(file));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

void SourceSet::set_text(std::uint32_t index, std::string text) {
  SourceFile &f = files_.at(index);
  f = SourceFile(f.name(), std::move(text));
}

} // namespace factloom
