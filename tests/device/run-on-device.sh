#!/usr/bin/env bash
# Runs on the GPU machine (or, to validate the flow, here): builds the stand-alone
# check against whatever LibTorch it finds (pip's torch when python3 has one, else
# the system's) and runs it on the bundle's reference data. Logs go to $OUT.
# Usage, from the folder above the bundle: bash <bundle>/run-on-device.sh
# (QUICK=1 for the short validation run; BUILD_DIR to keep the build elsewhere;
# HAND_BUILD=1 to skip LibTorch's CMake config and compile by hand).
set -u -o pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/out}"
mkdir -p "$out"
build="${BUILD_DIR:-/tmp/humanear-device-build}"
log="$out/build.log"
: >"$log"
note() { echo "$*" | tee -a "$log"; }

note "== machine"
{ uname -m; nproc; command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv; } 2>&1 | tee -a "$log"
torch_cmake="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)"
torch_dir="$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))' 2>/dev/null || true)"
if [ -n "$torch_dir" ]; then
  note "python3's torch: $(python3 -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda, "cxx11 ABI", int(torch._C._GLIBCXX_USE_CXX11_ABI))' 2>&1)"
else
  note "python3 has no torch: using the system's LibTorch"
fi
note "compilers: $(command -v c++ g++ cmake ninja nvcc 2>&1 | tr '\n' ' ')"
jobs="$(nproc)"

# 1. CMake with LibTorch's own config.
rm -rf "$build"
mkdir -p "$build"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
built=0
if [ "${HAND_BUILD:-0}" = 1 ]; then
  note "HAND_BUILD=1: skipping CMake"
elif cmake -S "$here/tests/device" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
     -DHUMANEAR_ENGINE_DIR="$here/engine" ${torch_cmake:+-DCMAKE_PREFIX_PATH="$torch_cmake"} \
     -DTORCH_CUDA_ARCH_LIST=9.0 >>"$log" 2>&1 &&
   cmake --build "$build" -j "$jobs" >>"$log" 2>&1; then
  built=1
  note "built with CMake (find_package(Torch))"
else
  note "CMake build failed (last lines of $log):"
  tail -25 "$log"
fi

# 2. If LibTorch's CMake config cannot be used here (its CUDA part wants a matching
#    toolkit), compile by hand against the wheel's headers and libraries.
if [ "$built" = 0 ] && [ -n "$torch_dir" ]; then
  note "compiling by hand against $torch_dir"
  abi="$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')"
  mkdir -p "$build/manual"
  sources=("$here/tests/device/device_check.cpp" "$here/tests/device/shims/keras_h5_raw.cpp"
           "$here/tests/device/shims/model_registry_stub.cpp" "$here/engine/src/result.cpp"
           "$here/engine/src/models/compute_device.cpp" "$here/engine/src/detector/detector_network.cpp"
           "$here/engine/src/detector/detector_batcher.cpp" "$here/engine/src/networks/keras_weights.cpp"
           "$here/engine/src/networks/musicnn_network.cpp")
  flags=(-std=c++17 -O2 -DNDEBUG -D_GLIBCXX_USE_CXX11_ABI="$abi" -I"$here/tests/device" -I"$here/engine/src"
         -I"$here/engine/include" -I"$torch_dir/include" -I"$torch_dir/include/torch/csrc/api/include")
  pids=()
  for s in "${sources[@]}"; do
    c++ "${flags[@]}" -c "$s" -o "$build/manual/$(basename "$s").o" >>"$log" 2>&1 &
    pids+=($!)
  done
  ok=1
  for p in "${pids[@]}"; do wait "$p" || ok=0; done
  cuda_libs=()
  [ -e "$torch_dir/lib/libtorch_cuda.so" ] && cuda_libs=(-ltorch_cuda -lc10_cuda)
  if [ "$ok" = 1 ] && c++ "$build"/manual/*.o -o "$build/humanear-device-check" -L"$torch_dir/lib" \
       -Wl,-rpath,"$torch_dir/lib" -Wl,--no-as-needed "${cuda_libs[@]}" -ltorch -ltorch_cpu -lc10 -Wl,--as-needed \
       -lpthread >>"$log" 2>&1; then
    built=1
    note "built by hand"
  else
    note "the hand build failed too (last lines of $log):"
    tail -25 "$log"
  fi
fi
[ "$built" = 1 ] || { note "NOT BUILT"; exit 1; }

# 3. The checks and timings.
note "== check"
args=(--bundle "$here/data" --out "$out")
[ "${QUICK:-0}" = 1 ] && args+=(--quick)
start=$(date +%s)
# Bounded, so that the logs come back well inside the device tool's limit.
timeout "${CHECK_TIMEOUT:-330}" "$build/humanear-device-check" "${args[@]}"
status=$?
note "humanear-device-check exited with $status after $(( $(date +%s) - start )) s"
exit "$status"
