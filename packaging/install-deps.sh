#!/usr/bin/env bash
# Installs every build, run and test dependency of HumanEar from Debian 12 / Ubuntu apt.
# Idempotent: packages already present are skipped, so CI and developers can call it each time.
set -euo pipefail
packages=(
  build-essential cmake pkg-config ninja-build
  qt6-base-dev qt6-multimedia-dev qt6-charts-dev libqt6opengl6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
  libtorch-dev libopenblas0 libfaiss-dev
  libsndfile1-dev libfftw3-dev libtag1-dev libsoxr-dev libsqlite3-dev libssl-dev
  libavformat-dev libavcodec-dev libavutil-dev libswresample-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  libqt6svg6 xvfb xauth sox libsox-fmt-mp3 ffmpeg
  libhdf5-dev python3-numpy python3-h5py
)
source "$(dirname "${BASH_SOURCE[0]}")/apt-install-missing.sh"
apt_install_missing "${packages[@]}"
