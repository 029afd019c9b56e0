#!/usr/bin/env bash
# The LibTorch-only configuration (what a GPU machine with only a Python PyTorch builds), checked
# without compiling core a second time (a full build costs ~12 min on 2 cores; build-and-bench.sh
# does that, for machines with the time):
#  1. the configuration itself: it configures from this source tree, has the torch-only targets and
#     none of the full build's, and its depthstudio-cli links nothing outside LibTorch;
#  2. the torch-only CLI the full build makes from the same core libraries, sources and flags:
#     it links no Qt, OpenCV or Open3D, and its bench runs.
# Usage: check-torch-only.sh SOURCE_DIR BUILD_DIR CMAKE_CXX_COMPILER TORCH_ONLY_CLI
set -euo pipefail
src=$1
bin=$2
compiler=$3
cli=$4
outside='Qt6|Qt5|opencv|Open3D'

rm -rf "${bin}"
cmake -S "${src}" -B "${bin}" -DDEPTHSTUDIO_TORCH_ONLY=ON -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="${compiler}" > "${bin}.configure.log" 2>&1 ||
  { cat "${bin}.configure.log"; echo "the torch-only configuration does not configure" >&2; exit 1; }

# One target name per line ("... name"), compared whole.
targets=$(cmake --build "${bin}" --target help | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p')
for t in depthstudio-cli ds_train ds_bench ds_synth ds_methods ds_weights; do
  grep -qxF -- "${t}" <<<"${targets}" || { echo "torch-only configuration lacks ${t}" >&2; exit 1; }
done
for t in depthstudio ds_pipeline ds_image_io ds_models ds_geometry ds_stereo; do
  if grep -qxF -- "${t}" <<<"${targets}"; then
    echo "torch-only configuration has the full build's ${t}" >&2
    exit 1
  fi
done

link="${bin}/app/cli/CMakeFiles/depthstudio-cli.dir/link.txt"
test -f "${link}" || { echo "no link line at ${link}" >&2; exit 1; }
# Debian's libtorch CMake package names Qt 5 and OpenCV itself (its Caffe2 targets); only what the
# project adds is checked, so drop the Torch package's own libraries from the line first.
if tr ' ' '\n' < "${link}" | grep -v -E '/libtorch|/libc10|/libcaffe2' | grep -E "${outside}"; then
  echo "the torch-only depthstudio-cli's link line names a library outside LibTorch" >&2
  exit 1
fi

if readelf -d "${cli}" | grep NEEDED | grep -E "${outside}"; then
  echo "torch-only depthstudio-cli links a library outside LibTorch" >&2
  exit 1
fi
help=$("${cli}" --help)
grep -qE '^  bench ' <<<"${help}" && grep -qE '^  train ' <<<"${help}" ||
  { echo "torch-only depthstudio-cli --help lacks bench or train:" >&2; echo "${help}" >&2; exit 1; }
if grep -qE '^  (estimate|eval|export|models|synth) ' <<<"${help}"; then
  echo "torch-only depthstudio-cli --help offers a command it does not have:" >&2
  echo "${help}" >&2
  exit 1
fi
set +e
"${cli}" estimate >/dev/null 2>&1
rc=$?
set -e
[[ ${rc} -eq 2 ]] || { echo "torch-only 'depthstudio-cli estimate' exited ${rc}, not 2" >&2; exit 1; }
"${cli}" bench --size 64x64 --steps 2 --runs 1 --warmup 0 --device cpu --quiet
echo "torch-only configuration and CLI: ok"
