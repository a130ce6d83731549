#pragma once
// One check for every network that may run on a GPU: the device name parses and
// this LibTorch build can use it. Internal (c10's small Device header only).
#include "humanear/result.h"

#include <c10/core/Device.h>

#include <string>

namespace humanear::models {

// "cpu", "cuda" or "cuda:N" (empty means cpu). InvalidArgument, naming `network`
// ("The OpenL3 network cannot run on cuda:1: ..."), for anything else or for a
// CUDA device this build does not see.
Result<c10::Device> computeDevice(const std::string& name, const std::string& network);

}  // namespace humanear::models
