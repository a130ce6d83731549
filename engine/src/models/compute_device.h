#pragma once
// The one notion of "device" in the engine: which device this process runs networks on
// (chosen once from the user's preference), and the check every network makes of a
// device name it is given. Torch stays out of this header.
#include "humanear/result.h"
#include "humanear/settings.h"

#include <string>

namespace humanear::models {

struct ComputeDevice {
    bool cuda = false;
    int cudaDeviceCount = 0;
    std::string name;  // "cpu" or "cuda:0"
};

// The device the engine's networks use: CUDA device 0 when the preference allows it and
// this LibTorch build sees one, else the CPU.
ComputeDevice selectDevice(DevicePreference preference);
bool cudaAvailable();

// "cpu", "cuda" or "cuda:N" (empty means cpu), checked against this LibTorch build;
// returns the name in torch::Device syntax. InvalidArgument, naming `network`
// ("The OpenL3 network cannot run on cuda:1: ..."), for anything else or for a CUDA
// device this build does not see.
Result<std::string> checkDeviceName(const std::string& name, const std::string& network);

// The intra-op threads LibTorch and OpenMP (FAISS's searches and index builds) may use
// on the calling thread. LibTorch 1.13 defaults to one here; each worker sets its share.
void setTorchThreads(int threads);

}  // namespace humanear::models
