#include "models/compute_device.h"

#include <c10/util/Exception.h>
#include <torch/cuda.h>

namespace humanear::models {

Result<c10::Device> computeDevice(const std::string& name, const std::string& network) {
    c10::Device device(c10::kCPU);
    try {
        device = c10::Device(name.empty() ? std::string("cpu") : name);
    } catch (const c10::Error&) {
        return makeError(ErrorCode::InvalidArgument, "\"" + name + "\" is not a compute device name (use cpu or cuda:N).");
    }
    if (device.is_cuda()) {
        const auto count = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
        const int index = device.has_index() ? device.index() : 0;
        if (index >= count)
            return makeError(ErrorCode::InvalidArgument,
                             "The " + network + " cannot run on " + device.str() + ": " +
                                 (count == 0 ? std::string("this LibTorch build sees no CUDA device.")
                                             : "only " + std::to_string(count) + " CUDA device(s) exist."));
    } else if (!device.is_cpu()) {
        return makeError(ErrorCode::InvalidArgument,
                         "The " + network + " runs on the CPU or a CUDA device, not on " + device.str() + ".");
    }
    return device;
}

}  // namespace humanear::models
