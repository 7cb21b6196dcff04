// The memory the allocator keeps after a stage, given back to the system.
#pragma once

namespace factloom::cli {

/// Gives the memory freed so far back to the system, where the allocator would keep some of it
/// a while (mimalloc, in the factloom binary). Call between stages, on the main thread.
void give_back_free_memory();

} // namespace factloom::cli
