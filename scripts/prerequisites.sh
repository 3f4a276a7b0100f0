#!/usr/bin/env bash
# Installs the Debian packages Uam needs and a fresh machine lacks: libtorch (CPU) with its headers and
# CMake files, Gloo's headers (libtorch's c10d process group for data-parallel training), OpenBLAS (without it libtorch silently runs ~40x slower on the reference BLAS), the
# Fashion-MNIST dataset, Box2D 2.4.1 (LunarLander), the C++ toolchain that builds the native shims, gnuplot (SVG plots), Chromium (the
# headless browser that tests the HTML report) and the charting library the report inlines (from npm).
# Idempotent and quiet when everything is present.
set -euo pipefail

packages=(libtorch-dev libgloo-dev libopenblas0-pthread libbox2d-dev dataset-fashion-mnist cmake g++ make gnuplot-nox chromium curl openssl ca-certificates)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

"$(dirname "$0")/fetch-charting.sh"
