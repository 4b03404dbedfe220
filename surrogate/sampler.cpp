// SPDX-License-Identifier: Apache-2.0
#include "surrogate/sampler.h"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>

namespace sextant {

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (salt + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

/// The top 53 bits as a double in [0, 1): exact and identical everywhere.
double unit_from_bits(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

std::vector<std::vector<double>> uniform_points(std::size_t dims, std::size_t count, std::uint64_t seed) {
  boost::random::mt19937_64 engine(mix_seed(seed, 1));
  std::vector<std::vector<double>> points(count, std::vector<double>(dims));
  for (auto& point : points) {
    for (double& u : point) u = unit_from_bits(engine());
  }
  return points;
}

std::vector<std::vector<double>> latin_hypercube_points(std::size_t dims, std::size_t count, std::uint64_t seed) {
  boost::random::mt19937_64 engine(mix_seed(seed, 2));
  std::vector<std::vector<double>> points(count, std::vector<double>(dims));
  std::vector<std::size_t> strata(count);
  for (std::size_t d = 0; d < dims; ++d) {
    for (std::size_t i = 0; i < count; ++i) strata[i] = i;
    // Fisher-Yates with our own index draw (modulo bias is below 2^-40 for any count we use).
    for (std::size_t i = count; i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(engine() % i);
      std::swap(strata[i - 1], strata[j]);
    }
    for (std::size_t i = 0; i < count; ++i) {
      const double jitter = unit_from_bits(engine());
      points[i][d] = (static_cast<double>(strata[i]) + jitter) / static_cast<double>(count);
    }
  }
  return points;
}

std::vector<std::vector<double>> sobol_points(std::size_t dims, std::size_t count, std::uint64_t seed) {
  std::vector<std::vector<double>> points(count, std::vector<double>(dims));
  if (dims == 0) return points;
  boost::random::sobol engine(static_cast<unsigned>(dims));
  std::vector<std::uint64_t> shift(dims);
  for (std::size_t d = 0; d < dims; ++d) shift[d] = mix_seed(seed, 100 + d);
  for (std::size_t i = 0; i < count; ++i) {
    // Boost's engine starts at the sequence's second point; the first is the origin. With
    // it, every first 2^m points form a net (one point per interval of 2^-m per axis).
    // The engine returns the coordinates of one point in turn, as 64-bit fractions.
    for (std::size_t d = 0; d < dims; ++d) {
      const std::uint64_t bits = i == 0 ? 0 : static_cast<std::uint64_t>(engine());
      points[i][d] = unit_from_bits(bits ^ shift[d]);
    }
  }
  return points;
}

}  // namespace

std::vector<std::vector<double>> sample_unit_cube(SamplerKind kind, std::size_t dims, std::size_t count,
                                                  std::uint64_t seed) {
  switch (kind) {
    case SamplerKind::kUniform: return uniform_points(dims, count, seed);
    case SamplerKind::kLatinHypercube: return latin_hypercube_points(dims, count, seed);
    case SamplerKind::kSobol: return sobol_points(dims, count, seed);
  }
  return {};
}

}  // namespace sextant
