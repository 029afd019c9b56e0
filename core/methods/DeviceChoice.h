#pragma once
// Where the networks run: "auto" (CUDA when LibTorch sees a GPU, else the CPU), "cpu", "cuda" or
// "cuda:N". The names are shared by the CLI, the GUI and saved settings.
#include <torch/types.h>

#include <string>

namespace ds {

// Throws ds::Error for an unknown name, or "cuda" when this LibTorch has no CUDA device.
torch::Device resolveDevice(const std::string& name);
// "cpu", "cuda:0", ... plus what it is, for result.json and the bench.
std::string describeDevice(const torch::Device& device);

}  // namespace ds
