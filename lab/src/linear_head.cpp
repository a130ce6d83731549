#include "linear_head.h"

namespace humanear {

LinearHeadImpl::LinearHeadImpl(int features, double dropoutRate)
    : dropout(register_module("dropout", torch::nn::Dropout(dropoutRate))),
      linear(register_module("linear", torch::nn::Linear(features, 1))) {}

torch::Tensor LinearHeadImpl::forward(const torch::Tensor& features) {
    return linear->forward(dropout->forward(features)).squeeze(1);
}

void LinearHeadImpl::storeIn(models::DetectorNetImpl& net) const {
    const long features = linear->options.in_features();
    if (net.fc1->options.out_features() != 2 || net.fc1->options.in_features() != features) {
        net.fc1 = net.replace_module("fc1", torch::nn::Linear(features, 2));
        net.fc2 = net.replace_module("fc2", torch::nn::Linear(2, 1));
    }
    torch::NoGradGuard noGrad;
    net.fc1->weight.copy_(torch::cat({linear->weight, -linear->weight}, 0));
    net.fc1->bias.copy_(torch::cat({linear->bias, -linear->bias}, 0));
    net.fc2->weight.copy_(torch::tensor({{1.f, -1.f}}));
    net.fc2->bias.zero_();
}

void LinearHeadImpl::loadFrom(const models::DetectorNetImpl& net) {
    torch::NoGradGuard noGrad;
    linear->weight.copy_(net.fc1->weight.slice(0, 0, 1));
    linear->bias.copy_(net.fc1->bias.slice(0, 0, 1));
}

}  // namespace humanear
