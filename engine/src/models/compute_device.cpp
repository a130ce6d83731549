#include "models/compute_device.h"

#include <torch/torch.h>

#include <dlfcn.h>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace humanear::models {

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

Result<std::string> checkDeviceName(const std::string& name, const std::string& network) {
    c10::Device device(c10::kCPU);
    try {
        device = c10::Device(name.empty() ? std::string("cpu") : name);
    } catch (const c10::Error&) {
        return makeError(ErrorCode::InvalidArgument, "\"" + name + "\" is not a compute device name (use cpu or cuda:N).");
    }
    if (device.is_cuda()) {
        const int count = cudaAvailable() ? static_cast<int>(torch::cuda::device_count()) : 0;
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
    return device.str();
}

void setTorchThreads(int threads) {
    if (threads <= 0) return;
    at::set_num_threads(threads);
    // LibTorch's count does not reach OpenBLAS, which runs the unfolded convolutions'
    // GEMMs (musicnn, the detector's first block) on every core by default and then
    // fights the other workers for them: measured, the detector's network took 0.32 s
    // instead of 0.19 s beside the embedder. Looked up at run time: another BLAS may
    // stand behind libblas.so.3, and then there is nothing to set.
    using SetThreads = void (*)(int);
    static const auto openblasSetThreads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (openblasSetThreads) openblasSetThreads(threads);
#ifdef _OPENMP
    omp_set_num_threads(threads);  // FAISS's OpenMP loops, whatever LibTorch's own backend is
#endif
}

}  // namespace humanear::models
