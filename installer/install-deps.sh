#!/usr/bin/env bash
# Installs everything DepthStudio needs to build, run and test on Debian 12, from Debian's archive.
# Idempotent: packages already present are left alone. Run as root or as a user with sudo.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git
  # Qt 6: widgets, OpenGL widgets, concurrent, test
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libqt6openglwidgets6 libgl-dev
  # neural networks (CPU LibTorch) and a fast BLAS (the default reference BLAS is ~25x slower)
  libtorch-dev libopenblas0-pthread
  # PyTorch for /usr/bin/python3 (same version as libtorch-dev): tools/export-torchscript.py
  # exports models to TorchScript with it, and the TorchScript tests export their demo models
  python3-torch
  # geometry, images, stereo, ONNX import
  libopen3d-dev open3d-gui-data libopencv-dev libeigen3-dev libtinygltf-dev nlohmann-json3-dev
  # the bundled sample (Middlebury Aloe stereo pair and other OpenCV sample images)
  opencv-doc
  # headless display for the GUI and OpenGL tests
  xvfb xauth mesa-utils
)

if [[ ${EUID} -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "install-deps: not root; re-running through sudo"
    exec sudo --preserve-env=DEBIAN_FRONTEND "$0" "$@"
  fi
  echo "install-deps: needs root (or sudo) to install packages with apt-get" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
else
  echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when they are missing or older than a day.
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]]; then
    apt-get update -q
  fi
  apt-get install -y -q "${missing[@]}"
fi

# Make OpenBLAS the BLAS that LibTorch and OpenCV load (Debian's alternatives system).
for alt in libblas.so.3 liblapack.so.3; do
  target=$(update-alternatives --list "${alt}-x86_64-linux-gnu" 2>/dev/null | grep openblas | head -n 1 || true)
  if [[ -n "${target}" ]]; then
    update-alternatives --set "${alt}-x86_64-linux-gnu" "${target}" >/dev/null
    echo "install-deps: ${alt} -> ${target}"
  fi
done
echo "install-deps: done"
