#!/usr/bin/env bash
# Builds the libFuzzer target over decoding + the detector front end (tests/fuzz) with
# clang, ASan and UBSan, and fuzzes for a fixed time:
#   bash packaging/run-fuzz.sh [SECONDS]        (default 60)
# The corpus grows in build-fuzz/corpus between runs (seeds: tests/fuzz/make-seed-corpus.sh).
# A crash, leak, sanitizer report, timeout or out-of-memory leaves the input in
# build-fuzz/artifacts/ and exits non-zero; reproduce with build-fuzz/fuzz_decode FILE.
# FUZZ_BUILD_DIR and FUZZ_JOBS (parallel fuzzing processes, default 1) may be set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${FUZZ_JOBS:-1}"

# clang with its libFuzzer runtime, and the decoders' development files.
clang_major="$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)"
packages=(clang ninja-build cmake pkg-config sox libsox-fmt-mp3 ffmpeg python3
          libsndfile1-dev libsoxr-dev libfftw3-dev libavformat-dev libavcodec-dev libavutil-dev libswresample-dev)
[ -n "$clang_major" ] && packages+=("libfuzzer-$clang_major-dev")
source packaging/apt-install-missing.sh
apt_install_missing "${packages[@]}"
if [ -z "$clang_major" ]; then  # clang was just installed: now its runtime
  clang_major="$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)"
  apt_install_missing "libfuzzer-$clang_major-dev"
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
CC=clang CXX=clang++ cmake -S tests/fuzz -B "$build" -G Ninja "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"

[ -d "$build/seeds" ] || bash tests/fuzz/make-seed-corpus.sh "$build/seeds"
mkdir -p "$build/corpus" "$build/artifacts"
# Leaks are on: each input's decoder state must be freed. 64 KiB inputs, 30 s per
# input and 2 GiB memory before an input counts as a hang or runaway allocation.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/packaging/lsan.supp:print_suppressions=0}"
args=(-max_total_time="$seconds" -max_len=65536 -timeout=30 -rss_limit_mb=2048
      -artifact_prefix="$build/artifacts/" -print_final_stats=1 -close_fd_mask=2)  # mpg123 chatter
if [ "$jobs" -gt 1 ]; then args+=(-fork="$jobs" -ignore_crashes=0); fi
echo "run-fuzz: fuzzing decode + front end for ${seconds}s with $jobs process(es)"
"$build/fuzz_decode" "${args[@]}" "$build/corpus" "$build/seeds"
