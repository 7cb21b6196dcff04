// madvise(MADV_HUGEPAGE) on the aligned interior of a range.
#include "base/huge_pages.hpp"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>

namespace factloom::huge_pages {

void advise(const void *p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (begin + page_bytes - 1) & ~(page_bytes - 1);
  const std::uintptr_t last = (begin + bytes) & ~(page_bytes - 1);
  // FACTLOOM_NO_HUGE_PAGES (any value) turns the hint off: where free memory is fragmented, the
  // kernel may stall a fault to compact memory for a huge page (/proc/vmstat compact_stall).
  static const bool off = std::getenv("FACTLOOM_NO_HUGE_PAGES") != nullptr;
  if (p == nullptr || last <= first || off)
    return;
  // A hint: a kernel without transparent huge pages says EINVAL, and the memory stays as it was.
  (void)madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

} // namespace factloom::huge_pages
