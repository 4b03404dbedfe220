// SPDX-License-Identifier: Apache-2.0
#include "surrogate/journal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "surrogate/row_codec.h"
#include "tests/tlm/config_error_expect.h"

namespace sextant {
namespace {

const std::vector<Column> kColumns = {{"sample", ColumnType::kInt64, "1", ""},
                                      {"status", ColumnType::kInt64, "1", ""},
                                      {"x", ColumnType::kFloat64, "s", ""}};

RunIdentity identity() { return RunIdentity{1, "name: s\n", 7, 4, "tlm", "test"}; }

std::string temp_path(const std::string& name) {
  const std::string path = "/tmp/sextant-journal-test-" + std::to_string(getpid()) + "-" + name;
  std::remove(path.c_str());
  return path;
}

Row row(std::int64_t sample, double x) {
  Row r;
  r.sample = sample;
  r.cells = {sample, std::int64_t{0}, x};
  return r;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Journal, AppendsAndReopens) {
  const std::string path = temp_path("a");
  {
    Journal journal = Journal::create(path, identity());
    journal.append(encode_row(row(2, 0.5)));
    journal.append(encode_row(row(0, 1.5)));
  }
  std::vector<Row> rows;
  Journal::open(path, identity(), kColumns, rows);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sample, 2);
  EXPECT_EQ(std::get<double>(rows[1].cells[2]), 1.5);
  testing::expect_config_error([&] { Journal::create(path, identity()); }, {"--resume", "one exists"});
  std::remove(path.c_str());
}

TEST(Journal, TornLastLineIsCut) {
  const std::string path = temp_path("b");
  {
    Journal journal = Journal::create(path, identity());
    journal.append(encode_row(row(1, 0.5)));
  }
  const std::string good = read(path);
  {
    std::ofstream out(path, std::ios::app);
    out << encode_row(row(3, 2.0)).substr(0, 10);  // a kill in the middle of a write
  }
  std::vector<Row> rows;
  {
    Journal journal = Journal::open(path, identity(), kColumns, rows);
    EXPECT_EQ(read(path), good);
    journal.append(encode_row(row(3, 2.0)));
  }
  rows.clear();
  Journal::open(path, identity(), kColumns, rows);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].sample, 3);
  std::remove(path.c_str());
}

TEST(Journal, ForeignOrCorruptIsRefusedUntouched) {
  const std::string path = temp_path("c");
  {
    Journal journal = Journal::create(path, identity());
    journal.append(encode_row(row(1, 0.5)));
  }
  const std::string before = read(path);
  RunIdentity other = identity();
  other.seed = 8;
  std::vector<Row> rows;
  testing::expect_config_error([&] { Journal::open(path, other, kColumns, rows); }, {"seed 7, this run 8"});
  other = identity();
  other.space_yaml = "name: t\n";
  testing::expect_config_error([&] { Journal::open(path, other, kColumns, rows); }, {"different design space"});
  EXPECT_EQ(read(path), before);
  {
    std::ofstream out(path, std::ios::app);
    out << "garbage\n" << encode_row(row(2, 1.0)) << "\n";
  }
  const std::string corrupt = read(path);
  testing::expect_config_error([&] { Journal::open(path, identity(), kColumns, rows); }, {"a corrupt line"});
  EXPECT_EQ(read(path), corrupt);
  testing::expect_config_error([&] { Journal::open(temp_path("missing"), identity(), kColumns, rows); },
                               {"no such file"});
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sextant
