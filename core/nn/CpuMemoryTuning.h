#pragma once
// glibc returns every freed block above 128 KiB to the OS and page-faults fresh pages back in on
// the next allocation. Tensor code frees and reallocates megabytes per layer, and on the project's
// VM a page fault costs ~8 us: a 256x256 ConditionalUNet step took 530 ms of which ~420 ms were
// 53,000 page faults; with freed memory kept in the heap it took 110 ms (BaseDepthNet 80 -> 31 ms).
// Call once at program start (CLI, GUI, trainer, benchmark) before heavy tensor work.
namespace ds {

// Keeps freed memory in the process heap for reuse (glibc mallopt: mmap and trim thresholds of
// 1 GiB). The process keeps its peak heap instead of shrinking. Returns false where unsupported
// (non-glibc) or refused; harmless to call twice.
bool keepFreedMemoryInHeap();

}  // namespace ds
