// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

namespace sextant {

/// ceil(x / d) for a divisor d known in advance, exactly, without a hardware division
/// (tens of cycles each; the analytical fast path divides by bank sizes and port widths
/// several times per tile class of every evaluated mapping): x times the reciprocal of d
/// in double precision, then one correction step. For x, d < 2^52 the product is within
/// 1 of x / d, so one step makes the quotient exact; larger values take the plain division.
/// A power of two (most bank sizes and widths) is a shift.
class ExactDivisor {
 public:
  /// Trivial, so that arrays of them cost nothing until written: set before use.
  ExactDivisor() = default;
  constexpr explicit ExactDivisor(std::uint64_t d)
      : m_d(d), m_shift(d != 0 && (d & (d - 1)) == 0 ? __builtin_ctzll(d) : -1),
        m_reciprocal(d == 0 ? 0.0 : 1.0 / static_cast<double>(d)) {}

  std::uint64_t divisor() const { return m_d; }

  /// The divisor d for a small d (1 .. 64: banks a tile spans), from a table built at
  /// compile time; larger ones are prepared on the spot.
  static ExactDivisor small(std::uint64_t d);

  /// ceil(x / d); 0 when d is 0 (as workloads/buffer_ports.cpp's ceil_div).
  std::uint64_t ceil(std::uint64_t x) const {
    if (m_shift >= 0) return (x >> m_shift) + ((x & (m_d - 1)) != 0 ? 1 : 0);  // a power of two
    if (m_d == 0) return 0;
    if ((x | m_d) >= kExactBelow) return x / m_d + (x % m_d != 0 ? 1 : 0);
    // Signed conversions (one instruction each; the unsigned ones are not): x, d < 2^52,
    // so every value below fits an int64, and quotient * d <= x + d.
    const auto dividend = static_cast<std::int64_t>(x);
    const auto d = static_cast<std::int64_t>(m_d);
    auto quotient = static_cast<std::int64_t>(static_cast<double>(dividend) * m_reciprocal);
    std::int64_t remainder = dividend - quotient * d;
    if (remainder < 0) {
      --quotient;
      remainder += d;
    } else if (remainder >= d) {
      ++quotient;
      remainder -= d;
    }
    return static_cast<std::uint64_t>(quotient + (remainder != 0 ? 1 : 0));
  }

 private:
  static constexpr std::uint64_t kExactBelow = std::uint64_t{1} << 52;
  std::uint64_t m_d;
  int m_shift;  ///< log2(d) when d is a power of two, else -1
  double m_reciprocal;
};

namespace detail {
inline constexpr int kSmallDivisors = 64;
inline constexpr std::array<ExactDivisor, kSmallDivisors + 1> kSmallDivisorTable = [] {
  std::array<ExactDivisor, kSmallDivisors + 1> table{};
  for (int d = 0; d <= kSmallDivisors; ++d) table[static_cast<std::size_t>(d)] = ExactDivisor(static_cast<std::uint64_t>(d));
  return table;
}();
}  // namespace detail

inline ExactDivisor ExactDivisor::small(std::uint64_t d) {
  return d <= detail::kSmallDivisors ? detail::kSmallDivisorTable[d] : ExactDivisor(d);
}

}  // namespace sextant
