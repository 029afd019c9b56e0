#!/usr/bin/env bash
# The LibTorch-only configuration (what a GPU machine with only a Python PyTorch builds): configure
# and build it from this source tree in its own folder, then run its bench on a small frame. By hand
# (about 12 minutes on 2 cores); tst_TorchOnlyBuild runs the quicker check-torch-only.sh.
# Usage: build-and-bench.sh SOURCE_DIR BUILD_DIR [CMAKE_CXX_COMPILER]
set -euo pipefail
src=$1
bin=$2
compiler=${3:-c++}
cmake -S "${src}" -B "${bin}" -DDEPTHSTUDIO_TORCH_ONLY=ON -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="${compiler}" > "${bin}.configure.log" 2>&1 ||
  { cat "${bin}.configure.log"; exit 1; }
cmake --build "${bin}" -j"$(nproc)" > "${bin}.build.log" 2>&1 || { tail -n 60 "${bin}.build.log"; exit 1; }
# Only torch-only targets exist there: the executable itself must not need Qt, OpenCV or Open3D
# (Debian's libtorch pulls OpenCV and Qt 5 in on its own, so look at direct dependencies only).
if readelf -d "${bin}/app/cli/depthstudio-cli" | grep NEEDED | grep -E 'Qt6|opencv|Open3D'; then
  echo "torch-only depthstudio-cli links a library outside LibTorch" >&2
  exit 1
fi
"${bin}/app/cli/depthstudio-cli" --help | grep -q bench
"${bin}/app/cli/depthstudio-cli" bench --size 64x64 --steps 2 --runs 1 --warmup 0 --device cpu --quiet
echo "torch-only build and bench: ok"
