// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "surrogate/design_space.h"

namespace sextant {

/// splitmix64: a well-mixed 64-bit hash, used to derive per-row and per-dimension seeds.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt);

/// `count` points in the unit cube [0, 1)^dims, one per design, deterministic in
/// (kind, dims, count, seed) on every machine (no std:: distributions, whose results
/// differ between standard libraries).
/// - uniform: independent coordinates from a seeded mt19937_64;
/// - lhs: Latin hypercube: each dimension's `count` strata used once, jittered inside;
/// - sobol: Boost.Random's Sobol sequence with a seeded random digital shift (XOR), which
///   keeps its low discrepancy and makes different seeds give different point sets.
std::vector<std::vector<double>> sample_unit_cube(SamplerKind kind, std::size_t dims,
                                                  std::size_t count, std::uint64_t seed);

}  // namespace sextant
