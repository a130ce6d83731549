#pragma once
// Which device LibTorch will run on, decided once per process. Torch stays out of this header.
#include "humanear/settings.h"

#include <string>

namespace humanear::runtime {

struct ComputeDevice {
    bool cuda = false;
    int cudaDeviceCount = 0;
    std::string name;  // "cpu" or "cuda:0"
};

ComputeDevice selectDevice(DevicePreference preference);
bool cudaAvailable();
// LibTorch 1.13 defaults to one intra-op thread here; each worker sets its own share.
void setTorchThreads(int threads);

}  // namespace humanear::runtime
