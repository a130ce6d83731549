#!/usr/bin/env bash
# One entry point from a fresh Debian 12 / Ubuntu machine to a running HumanEar:
#   bash packaging/bootstrap.sh run [FILES...]   install dependencies, build, start the app
#   bash packaging/bootstrap.sh test             install dependencies, build, run every test
#   bash packaging/bootstrap.sh build            install dependencies and build only
# BUILD_DIR (default: build) and BUILD_TYPE (default: RelWithDebInfo) may be overridden.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
action="${1:-run}"; shift || true
build_dir="${BUILD_DIR:-build}"
build_type="${BUILD_TYPE:-RelWithDebInfo}"
jobs="$(nproc)"

bash packaging/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)  # faster rebuilds when present
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j "$jobs"

case "$action" in
  build) ;;
  run)
    # First run: index the demo soundtracks so recommendations work at once (skipped when
    # the default library has tracks, or with HUMANEAR_NO_DEMO=1; never fatal).
    [ "${HUMANEAR_NO_DEMO:-0}" = 1 ] ||
      BUILD_DIR="$build_dir" bash packaging/index-demo-library.sh --if-empty ||
      echo "bootstrap: the demo library could not be indexed; see packaging/index-demo-library.sh" >&2
    exec "$build_dir/app/humanear" "$@" ;;
  test)
    # Qt Test suites registered with ctest; widget tests run on the offscreen platform.
    ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "$@" ;;
  *)
    echo "usage: $0 run|test|build" >&2; exit 2 ;;
esac
