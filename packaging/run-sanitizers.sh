#!/usr/bin/env bash
# Builds the test suite with AddressSanitizer + UndefinedBehaviorSanitizer
# (HUMANEAR_SANITIZE=ON, -O1 -g) in build-asan and runs it with ctest:
#   bash packaging/run-sanitizers.sh            the engine's non-GUI suites (see below)
#   bash packaging/run-sanitizers.sh --all      every suite, GUI and LibTorch training included
# Any sanitizer report makes its test fail (halt_on_error, -fno-sanitize-recover).
# Leak checking is on, with packaging/lsan.supp for leaks inside third-party libraries.
# SANITIZE_BUILD_DIR (default build-asan) may be set; other arguments go to ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${SANITIZE_BUILD_DIR:-build-asan}"
all=0
if [ "${1:-}" = "--all" ]; then all=1; shift; fi

# The default set: decoding, DSP, the library, catalog and index, the engine and the
# CLI, i.e. everything that reads untrusted files; the detector batcher's
# cross-thread hand-offs; how an ensemble splits a track's clips among its members.
# Left out by default, to keep a 2-core CI run short: the widget suites and the
# LibTorch-heavy detector/OpenL3 suites
# (LibTorch itself is not instrumented; their code is our network plumbing).
tests=(test_worker_pool test_dsp test_audio_grid test_audio_decode test_frontends test_catalog test_tags
       test_vector_index test_library test_library_kill test_descriptor_embedder test_model_registry test_engine
       test_bad_input test_cli test_library_cli test_detector_batcher test_detector_ensemble
       test_musicnn)

bash packaging/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
  -DHUMANEAR_SANITIZE=ON "${launcher[@]}" >/dev/null
if [ "$all" = 1 ]; then
  cmake --build "$build" -j "$(nproc)"
  filter=()
else
  cmake --build "$build" -j "$(nproc)" --target "${tests[@]}" humanear-cli
  filter=(-R "^($(IFS='|'; echo "${tests[*]}"))\$")
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$root/packaging/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "${filter[@]}" "$@"
