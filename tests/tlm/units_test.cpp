// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/units.h"

#include <gtest/gtest.h>

namespace sextant {
namespace {

TEST(Units, ParsesPlainBytesAndUnits) {
  EXPECT_EQ(parse_size_bytes("4096"), 4096u);
  EXPECT_EQ(parse_size_bytes("64 B"), 64u);
  EXPECT_EQ(parse_size_bytes("64B"), 64u);
  EXPECT_EQ(parse_size_bytes("256 KiB"), 256u * 1024);
  EXPECT_EQ(parse_size_bytes("4MiB"), 4u * 1024 * 1024);
  EXPECT_EQ(parse_size_bytes("1 GiB"), 1024ull * 1024 * 1024);
  EXPECT_EQ(parse_size_bytes("  8 KiB  "), 8u * 1024);
}

TEST(Units, DecimalUnitsArePowersOfTen) {
  EXPECT_EQ(parse_size_bytes("32 KB"), 32000u);
  EXPECT_EQ(parse_size_bytes("2 MB"), 2000000u);
  EXPECT_EQ(parse_size_bytes("1 GB"), 1000000000u);
}

TEST(Units, RejectsGarbageNegativeAndFractions) {
  for (const char* text : {"", "KiB", "abc", "-4", "-4 KiB", "1.5 KiB", "4 kib", "4 KiBs", "4 XB",
                           "1e3", "0x10", "4 4", "+4"}) {
    EXPECT_EQ(parse_size_bytes(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(Units, RejectsOverflow) {
  EXPECT_EQ(parse_size_bytes("18446744073709551616"), std::nullopt);
  EXPECT_EQ(parse_size_bytes("17179869184 GiB"), std::nullopt);
}

TEST(Units, ZeroParsesSoThatCallersCanReportItAsZero) {
  EXPECT_EQ(parse_size_bytes("0"), 0u);
  EXPECT_EQ(parse_size_bytes("0 KiB"), 0u);
}

TEST(Units, FormatsWithTheLargestExactBinaryUnit) {
  EXPECT_EQ(format_size_bytes(256 * 1024), "256 KiB");
  EXPECT_EQ(format_size_bytes(24u * 1024 * 1024), "24 MiB");
  EXPECT_EQ(format_size_bytes(100), "100 B");
  EXPECT_EQ(format_size_bytes(1536), "1536 B");
  EXPECT_EQ(format_size_bytes(1024), "1 KiB");
  EXPECT_EQ(format_size_bytes(3ull << 30), "3 GiB");
  EXPECT_EQ(format_size_bytes(1536ull * 1024), "1536 KiB");
  EXPECT_EQ(format_size_bytes(0), "0 B");
}

TEST(Units, FormatThenParseIsExact) {
  for (std::uint64_t bytes : {1ull, 64ull, 1000ull, 1536ull, 110592ull, 4ull << 20,
                              (1ull << 40) + 1024, 7ull << 40, 32000ull}) {
    EXPECT_EQ(parse_size_bytes(format_size_bytes(bytes)), bytes) << bytes;
  }
}

TEST(Units, CyclesToNanoseconds) {
  EXPECT_DOUBLE_EQ(cycles_to_ns(700, 700.0), 1000.0);
  EXPECT_DOUBLE_EQ(cycles_to_ns(1, 1000.0), 1.0);
}

}  // namespace
}  // namespace sextant
