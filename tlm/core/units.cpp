// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>

namespace sextant {
namespace {

struct SizeUnit {
  const char* name;
  std::uint64_t bytes;
};

// Largest first: format_size_bytes() picks the first unit that divides exactly.
constexpr std::array<SizeUnit, 4> kBinaryUnits = {
    {{"TiB", 1ull << 40}, {"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}}};
constexpr std::array<SizeUnit, 5> kDecimalUnits = {{{"B", 1},
                                                    {"kB", 1000ull},
                                                    {"KB", 1000ull},
                                                    {"MB", 1000ull * 1000},
                                                    {"GB", 1000ull * 1000 * 1000}}};

std::string trim(const std::string& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])) != 0) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
  return text.substr(begin, end - begin);
}

std::optional<std::uint64_t> unit_multiplier(const std::string& unit) {
  if (unit.empty()) return 1;
  for (const SizeUnit& candidate : kBinaryUnits) {
    if (unit == candidate.name) return candidate.bytes;
  }
  for (const SizeUnit& candidate : kDecimalUnits) {
    if (unit == candidate.name) return candidate.bytes;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> parse_size_bytes(const std::string& text) {
  const std::string trimmed = trim(text);
  std::size_t digits_end = 0;
  while (digits_end < trimmed.size() &&
         std::isdigit(static_cast<unsigned char>(trimmed[digits_end])) != 0) {
    ++digits_end;
  }
  // Only plain decimal digits: no sign, no fraction, no exponent.
  if (digits_end == 0) return std::nullopt;

  std::uint64_t count = 0;
  const char* first = trimmed.data();
  const auto [end, error] = std::from_chars(first, first + digits_end, count);
  if (error != std::errc() || end != first + digits_end) return std::nullopt;

  const std::optional<std::uint64_t> multiplier = unit_multiplier(trim(trimmed.substr(digits_end)));
  if (!multiplier) return std::nullopt;
  if (count > std::numeric_limits<std::uint64_t>::max() / *multiplier) return std::nullopt;
  return count * *multiplier;
}

std::string format_size_bytes(std::uint64_t bytes) {
  if (bytes != 0) {
    for (const SizeUnit& unit : kBinaryUnits) {
      if (bytes % unit.bytes == 0) return std::to_string(bytes / unit.bytes) + " " + unit.name;
    }
  }
  return std::to_string(bytes) + " B";
}

}  // namespace sextant
