// Anchors the shared precompiled header (core/nn/TorchPch.h).
#include "core/nn/TorchPch.h"
