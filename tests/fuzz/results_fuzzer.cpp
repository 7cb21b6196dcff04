// libFuzzer target: the SPARQL JSON results reader, the result formats and the store-message
// trimming must never crash, hang or leak, and what they print must hold no raw control byte.
// The first input byte chooses the trimming length so short and long cuts are both tried.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rdf/prefixes.hpp"
#include "store/format.hpp"
#include "store/http.hpp"
#include "store/sparql.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace factloom;
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  if (auto results = store::parse_results_json(text); results.ok()) {
    const rdf::PrefixMap prefixes = rdf::PrefixMap::common();
    for (auto format : {store::ResultFormat::table, store::ResultFormat::csv,
                        store::ResultFormat::tsv, store::ResultFormat::json})
      (void)store::format_results(results.value(), format, prefixes);
  }
  const std::size_t max = size > 0 ? std::size_t{data[0]} * 4 : 300;
  const std::string trimmed = store::trim_store_message(text, max);
  for (const char c : trimmed) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20U || b == 0x7fU)
      std::abort(); // a control byte would reach the terminal
  }
  if (trimmed.size() > 4 * max + 3)
    std::abort(); // the cut is not bounded
  const std::string escaped = store::escape_controls(text);
  for (const char c : escaped) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20U || b == 0x7fU)
      std::abort();
  }
  return 0;
}
