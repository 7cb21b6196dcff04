// Transparent huge pages for the big arrays (quads, origins, terms, indexes): with 4 KiB pages a
// build of 10^7 triples takes about 260,000 page faults and a TLB miss on nearly every random
// look-up; the arrays asked for 2 MiB pages take a fault a 2 MiB and far fewer TLB misses.
// The kernel's default here is "madvise": only memory marked with MADV_HUGEPAGE gets them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace factloom::huge_pages {

/// The size of a transparent huge page on x86-64 and most arm64 kernels.
constexpr std::size_t page_bytes = std::size_t{1} << 21U;

/// Asks the kernel to back the 2 MiB-aligned whole pages inside [p, p + bytes) with huge pages
/// when they are first touched (madvise MADV_HUGEPAGE). Does nothing for smaller ranges, and
/// where the kernel has no huge pages (a hint: never an error). Call before writing fresh memory.
void advise(const void *p, std::size_t bytes);

/// Below this size a growing array is not advised: a huge page is backed whole when first
/// touched, so the last, partly used page of a growing array costs up to 2 MiB; from 32 MiB on
/// that is at most 1/16 of the array (a build of 10^6 triples stays under its 100 bytes a triple).
constexpr std::size_t growing_bytes = std::size_t{32} << 20U;

/// v.reserve(n) into a new buffer that is advised (when `advised`) before the elements are moved
/// into it (a plain reserve would copy them into 4 KiB pages first).
template <class T> void reserve_advised(std::vector<T> &v, std::size_t n, bool advised) {
  if (n <= v.capacity())
    return;
  std::vector<T> bigger;
  bigger.reserve(n);
  if (advised)
    advise(bigger.data(), n * sizeof(T));
  bigger.insert(bigger.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  v.swap(bigger);
}

/// v.reserve(n) for an array that grows into its room: advised from growing_bytes on.
template <class T> void reserve(std::vector<T> &v, std::size_t n) {
  reserve_advised(v, n, n * sizeof(T) >= growing_bytes);
}

/// Room for one more element of a growing array, doubling as push_back() would (call before it).
template <class T> void room_for_one(std::vector<T> &v) {
  if (v.size() == v.capacity())
    reserve(v, std::max<std::size_t>(16, v.capacity() * 2));
}

/// v = n copies of `value`, in advised memory whatever its size (every page is used at once).
template <class T> void assign(std::vector<T> &v, std::size_t n, const T &value) {
  v.clear();
  reserve_advised(v, n, true);
  v.assign(n, value);
}

} // namespace factloom::huge_pages
