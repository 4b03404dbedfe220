// SPDX-License-Identifier: Apache-2.0
#include "validate/validation_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sextant {
namespace {

std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j);
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = average;
    i = j + 1;
  }
  return rank;
}

}  // namespace

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return 0.0;
  const std::vector<double> rx = ranks(x), ry = ranks(y);
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n;
  const double my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
  double cov = 0.0, vx = 0.0, vy = 0.0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    cov += (rx[i] - mx) * (ry[i] - my);
    vx += (rx[i] - mx) * (rx[i] - mx);
    vy += (ry[i] - my) * (ry[i] - my);
  }
  return vx > 0.0 && vy > 0.0 ? cov / std::sqrt(vx * vy) : 0.0;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(position));
  const std::size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (position - static_cast<double>(low)) * (values[high] - values[low]);
}

AgreementStats agreement(const std::vector<double>& predicted, const std::vector<double>& measured) {
  AgreementStats stats;
  stats.rows = std::min(predicted.size(), measured.size());
  std::vector<double> errors;
  errors.reserve(stats.rows);
  for (std::size_t i = 0; i < stats.rows; ++i) errors.push_back(std::abs(predicted[i] - measured[i]) / measured[i]);
  stats.spearman = spearman(predicted, measured);
  stats.median_abs_rel_error = quantile(errors, 0.5);
  stats.p90_abs_rel_error = quantile(errors, 0.9);
  return stats;
}

}  // namespace sextant
