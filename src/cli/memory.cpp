#include "cli/memory.hpp"

#ifdef FACTLOOM_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace factloom::cli {

void give_back_free_memory() {
#ifdef FACTLOOM_WITH_MIMALLOC
  // mimalloc 2.0 gives a freed page back 25 ms after the free, and only when its thread next
  // allocates or frees in that segment: a forced collection does it now.
  mi_collect(true);
#endif
}

} // namespace factloom::cli
