// Precompiled header: the expensive libtorch headers every translation unit needs.
// Never torch/torch.h (18-25 s a unit): the full frontend header costs 18-25 s per unit; only reference.cpp pays for torch::optim.
#pragma once
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/custom_function.h>
