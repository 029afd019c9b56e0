#include "core/nn/CpuMemoryTuning.h"

#include <cstdlib>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ds {

bool keepFreedMemoryInHeap() {
#if defined(__GLIBC__)
  constexpr int kOneGiB = 1 << 30;
  const bool mmapSet = mallopt(M_MMAP_THRESHOLD, kOneGiB) == 1;
  const bool trimSet = mallopt(M_TRIM_THRESHOLD, kOneGiB) == 1;
  return mmapSet && trimSet;
#else
  return false;
#endif
}

}  // namespace ds
