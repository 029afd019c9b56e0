// Precompiled for every library that uses LibTorch (see core/CMakeLists.txt). Sources still include
// the narrow headers they use, so they compile without it too.
#pragma once
#include <torch/torch.h>
