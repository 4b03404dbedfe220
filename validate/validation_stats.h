// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <vector>

namespace sextant {

/// How well one predictor's cycles match the measurements over a set of rows.
struct AgreementStats {
  double spearman = 0.0;              ///< rank correlation of predicted and measured cycles
  double median_abs_rel_error = 0.0;  ///< median of |predicted - measured| / measured (a fraction)
  double p90_abs_rel_error = 0.0;     ///< 90th percentile of the same (a fraction)
  std::size_t rows = 0;
};

/// Spearman's rank correlation (ties get their average rank); 0 with fewer than 2 values
/// or when either side is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

/// The q-quantile (0..1) of values, linear between order statistics; 0 when empty.
double quantile(std::vector<double> values, double q);

/// Agreement of `predicted` with `measured` (same length, measured > 0).
AgreementStats agreement(const std::vector<double>& predicted, const std::vector<double>& measured);

}  // namespace sextant
