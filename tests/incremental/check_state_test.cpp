// check --cache's file records (incremental/check_state.hpp): what they keep reads back the
// same, in place; bytes that are not records (every truncation, every flipped byte) are refused
// or read within their bounds.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "incremental/check_state.hpp"

using namespace factloom;
using namespace factloom::incremental;

namespace {

std::string sample_state(std::vector<std::string> &files) {
  compile::FileGives a;
  a.owned = {{"smith-0", 7, 10, 17}, {"article-1/quote-1", 9, 40, 45}};
  a.also = {compile::id_hash("muller-1")};
  a.refs = {compile::id_hash("org-0"), compile::id_hash("gov-2")};
  FileDiagnostics da;
  da.rendered = {"a.facts:3:1: error: unknown id 'x'\n", "a.facts:4:1: warning: w\n"};
  da.errors = 1;
  da.warnings = 1;
  da.unknown_id = true;
  da.mentions = {"actors.facts"};
  files = {encode_file(a, da), encode_file(compile::FileGives{}, FileDiagnostics{})};
  std::vector<FileRecord> records;
  for (const std::string &f : files)
    records.push_back(*FileRecord::read(f));
  std::string index, state;
  for (const std::string_view part : state_parts(records, index))
    state += part;
  return state;
}

/// Everything a record gives, read (so that a record read from bad bytes is read whole).
std::size_t read_all(const FileRecord &r) {
  std::size_t n = r.errors() + r.warnings() + (r.unknown_id() ? 1 : 0);
  r.each_owned([&](std::string_view id, std::uint32_t cls, std::uint32_t begin, std::uint32_t end) {
    n += id.size() + cls + begin + end;
  });
  for (const std::string_view d : r.diagnostics())
    n += d.size();
  for (const std::string_view m : r.mentions())
    n += m.size();
  n += r.declares_any({1, 2, 3}) ? 1 : 0;
  n += r.names_any({4, 5}) ? 1 : 0;
  return n;
}

} // namespace

TEST_CASE("check state: a file's record reads back the same, in place") {
  std::vector<std::string> files;
  const std::string state = sample_state(files);
  const auto records = decode_state(state, 2);
  REQUIRE(records.has_value());
  const FileRecord &a = (*records)[0];
  std::vector<std::string> owned;
  a.each_owned([&](std::string_view id, std::uint32_t cls, std::uint32_t begin, std::uint32_t end) {
    owned.push_back(std::string(id) + " " + std::to_string(cls) + " " + std::to_string(begin) +
                    " " + std::to_string(end));
  });
  CHECK(owned == std::vector<std::string>{"smith-0 7 10 17", "article-1/quote-1 9 40 45"});
  CHECK(a.owned_count() == 2);
  CHECK(a.declares_any({compile::id_hash("smith-0")}));
  CHECK(a.declares_any({compile::id_hash("muller-1")})); // declared, first by another file
  CHECK_FALSE(a.declares_any({compile::id_hash("org-0")}));
  CHECK(a.names_any({compile::id_hash("gov-2")}));
  CHECK_FALSE(a.names_any({compile::id_hash("smith-0")}));
  CHECK(a.diagnostics() == std::vector<std::string_view>{"a.facts:3:1: error: unknown id 'x'\n",
                                                         "a.facts:4:1: warning: w\n"});
  CHECK(a.mentions() == std::vector<std::string_view>{"actors.facts"});
  CHECK(a.errors() == 1);
  CHECK(a.warnings() == 1);
  CHECK(a.unknown_id());
  const FileRecord &b = (*records)[1];
  CHECK(b.owned_count() == 0);
  CHECK(b.diagnostics().empty());
  CHECK_FALSE(b.unknown_id());
  CHECK(b.bytes() == files[1]);
  // The records are views into the state: writing them again gives the same bytes.
  std::string index, again;
  for (const std::string_view part : state_parts(*records, index))
    again += part;
  CHECK(again == state);
  CHECK_FALSE(decode_state(state, 1).has_value()); // another number of files
  CHECK(compile::id_hash("smith-0") != compile::id_hash("smith-1"));
}

TEST_CASE("check state: every truncation is refused, every flipped byte refused or in bounds") {
  std::vector<std::string> files;
  const std::string state = sample_state(files);
  for (std::size_t n = 0; n < state.size(); ++n)
    CHECK_FALSE(decode_state(state.substr(0, n), 2).has_value());
  CHECK_FALSE(decode_state(state + "x", 2).has_value());
  std::size_t refused = 0;
  for (std::size_t i = 0; i < state.size(); ++i) {
    for (const unsigned char bit : {0x01U, 0x80U}) {
      // A copy of its own, so that a reader past its end is seen by the sanitizers.
      const std::string bad = [&] {
        std::string s = state;
        s[i] = static_cast<char>(static_cast<unsigned char>(s[i]) ^ bit);
        return s;
      }();
      const auto records = decode_state(bad, 2);
      if (!records) {
        ++refused;
        continue;
      }
      for (const FileRecord &r : *records)
        (void)read_all(r);
    }
  }
  CHECK(refused > 0);
}
