// SPDX-License-Identifier: Apache-2.0
#include "surrogate/row_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sextant {
namespace {

const std::vector<Column> kColumns = {{"sample", ColumnType::kInt64, "1", ""},
                                      {"status", ColumnType::kInt64, "1", ""},
                                      {"x", ColumnType::kFloat64, "s", ""},
                                      {"y", ColumnType::kFloat64, "s", ""},
                                      {"t", ColumnType::kString, "", ""}};

TEST(RowCodec, RoundTripsExactly) {
  Row row;
  row.sample = 42;
  row.cells = {std::int64_t{42}, std::int64_t{-1}, 0.1 + 0.2, std::numeric_limits<double>::quiet_NaN(),
               std::string("quote \" newline \n tab \t")};
  const std::string line = encode_row(row);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  Row back;
  ASSERT_TRUE(decode_row(line, kColumns, back));
  EXPECT_EQ(back.sample, 42);
  EXPECT_EQ(std::get<double>(back.cells[2]), 0.1 + 0.2);
  EXPECT_TRUE(std::isnan(std::get<double>(back.cells[3])));
  EXPECT_EQ(std::get<std::string>(back.cells[4]), "quote \" newline \n tab \t");
}

TEST(RowCodec, RejectsTornOrForeignLines) {
  Row row;
  row.sample = 1;
  row.cells = {std::int64_t{1}, std::int64_t{0}, 1.5, 2.5, std::string("ok")};
  const std::string line = encode_row(row);
  Row back;
  EXPECT_FALSE(decode_row(line.substr(0, line.size() / 2), kColumns, back));
  EXPECT_FALSE(decode_row("{\"sample\": 1, \"cells\": [1, 0]}", kColumns, back));
  EXPECT_FALSE(decode_row("{\"sample\": 1, \"cells\": [1, 0, \"a\", 2.5, \"ok\"]}", kColumns, back));
}

}  // namespace
}  // namespace sextant
