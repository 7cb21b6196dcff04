// madvise(MADV_HUGEPAGE) on the aligned interior of a range.
#include "base/huge_pages.hpp"

#include <cstdint>
#include <sys/mman.h>

namespace factloom::huge_pages {

void advise(const void *p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (begin + page_bytes - 1) & ~(page_bytes - 1);
  const std::uintptr_t last = (begin + bytes) & ~(page_bytes - 1);
  if (p == nullptr || last <= first)
    return;
  // A hint: a kernel without transparent huge pages says EINVAL, and the memory stays as it was.
  (void)madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

} // namespace factloom::huge_pages
