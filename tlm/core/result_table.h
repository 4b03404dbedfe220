// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "tlm/core/result.h"

namespace sextant {

/// A readable table of a Result: one row per op and the total, with cycles, time,
/// utilization, bytes per storage level and stall cycles by cause. Every column names
/// its unit.
std::string format_result_table(const Result& result);

}  // namespace sextant
