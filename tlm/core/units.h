// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sextant {

/// Parses a byte size: "4096", "64 B", "256 KiB", "4MiB", "1 GiB", "32 KB" (KB = 1000).
/// Returns nullopt when the text is not a size.
std::optional<std::uint64_t> parse_size_bytes(const std::string& text);
/// "256 KiB" for 262144, "64 B" for 64: the shortest exact binary-unit spelling.
std::string format_size_bytes(std::uint64_t bytes);

/// Cycles to nanoseconds at a clock in MHz.
inline double cycles_to_ns(double cycles, double clock_mhz) { return cycles * 1000.0 / clock_mhz; }

}  // namespace sextant
