#include "runtime/device.h"

#include <torch/torch.h>

namespace humanear::runtime {

bool cudaAvailable() {
    try {
        return torch::cuda::is_available();
    } catch (...) {
        return false;
    }
}

ComputeDevice selectDevice(DevicePreference preference) {
    ComputeDevice device;
    device.cudaDeviceCount = cudaAvailable() ? static_cast<int>(torch::cuda::device_count()) : 0;
    device.cuda = preference != DevicePreference::Cpu && device.cudaDeviceCount > 0;
    device.name = device.cuda ? "cuda:0" : "cpu";
    return device;
}

void setTorchThreads(int threads) {
    if (threads > 0) at::set_num_threads(threads);
}

}  // namespace humanear::runtime
