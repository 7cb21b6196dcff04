// huge_pages: arrays that are filled at once are marked for transparent huge pages (the kernel's
// "hg" flag on their mapping); growing arrays only from huge_pages::growing_bytes on; the
// elements survive the move into the new buffer.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/huge_pages.hpp"

using namespace factloom;

namespace {

/// The VmFlags of the mapping of /proc/self/smaps that holds `p` ("" when none does).
std::string flags_of(const void *p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t lo = 0;
    std::uintptr_t hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= at && at < hi;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0)
      return line;
  }
  return "";
}

bool has_huge_flag(const void *p) { return flags_of(p).find(" hg") != std::string::npos; }

/// Whether the flag can be checked: a kernel with transparent huge pages, the hint not turned off.
bool kernel_has_huge_pages() {
  return std::getenv("FACTLOOM_NO_HUGE_PAGES") == nullptr &&
         std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled") &&
         std::filesystem::exists("/proc/self/smaps");
}

} // namespace

TEST_CASE("an array filled at once is marked for huge pages, and keeps its values") {
  std::vector<std::uint32_t> v;
  huge_pages::assign(v, 3 * huge_pages::page_bytes / sizeof(std::uint32_t), 7U);
  REQUIRE(v.size() == 3 * huge_pages::page_bytes / 4);
  CHECK(v.front() == 7U);
  CHECK(v.back() == 7U);
  if (!kernel_has_huge_pages())
    return;
  // The middle of a 6 MiB buffer is inside a whole, aligned 2 MiB page.
  CHECK(has_huge_flag(v.data() + v.size() / 2));
}

TEST_CASE("a growing array is marked only from growing_bytes on, and keeps its elements") {
  std::vector<std::uint64_t> small{1, 2, 3};
  huge_pages::reserve(small, 4 * huge_pages::page_bytes / sizeof(std::uint64_t));
  CHECK(small == std::vector<std::uint64_t>{1, 2, 3});
  std::vector<std::uint64_t> big{4, 5};
  const std::size_t n = huge_pages::growing_bytes / sizeof(std::uint64_t);
  huge_pages::reserve(big, n);
  REQUIRE(big.capacity() >= n);
  CHECK(big == std::vector<std::uint64_t>{4, 5});
  big.resize(n, 9);
  if (!kernel_has_huge_pages())
    return;
  CHECK_FALSE(has_huge_flag(small.data() + small.capacity() / 2));
  CHECK(has_huge_flag(big.data() + n / 2));
}

TEST_CASE("room_for_one grows like push_back") {
  std::vector<int> v;
  for (int i = 0; i < 1000; ++i) {
    huge_pages::room_for_one(v);
    REQUIRE(v.size() < v.capacity());
    v.push_back(i);
  }
  CHECK(v.size() == 1000);
  CHECK(v[999] == 999);
}
