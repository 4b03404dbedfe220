// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/yaml_access.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"

namespace sextant {
namespace {

using testing::expect_config_error;

YamlMap map_of(const std::string& text) {
  return YamlMap(parse_yaml_text(text, "t.yaml"), "t.yaml", "");
}

TEST(YamlAccess, ReadsTypedValuesAndDefaults) {
  YamlMap map =
      map_of("count: 12\nratio: 0.5\nflag: false\nlabel: hi\nsize: 2 KiB\nsection: {x: 1}\n");
  EXPECT_EQ(map.get_int("count"), 12);
  EXPECT_DOUBLE_EQ(map.get_double("ratio"), 0.5);
  EXPECT_FALSE(map.get_bool("flag"));
  EXPECT_EQ(map.get_string("label"), "hi");
  EXPECT_EQ(map.get_size_bytes("size"), 2048u);
  EXPECT_EQ(map.get_int("absent", 7), 7);
  EXPECT_EQ(map.get_string("absent_text", "d"), "d");
  YamlMap section = map.get_map("section");
  EXPECT_EQ(section.get_int("x"), 1);
  EXPECT_EQ(section.key_path("x"), "section.x");
  section.finish();
  map.finish();
}

TEST(YamlAccess, MalformedYamlIsAConfigErrorAtItsMark) {
  expect_config_error([] { parse_yaml_text("a: [1, 2\nb: 3\n", "bad.yaml"); },
                      {"bad.yaml:2:2: ", "expected valid YAML", "found a syntax error"});
}

TEST(YamlAccess, MissingFileIsAConfigError) {
  expect_config_error(
      [] { load_yaml_file("/nonexistent/sextant/arch.yaml"); },
      {"/nonexistent/sextant/arch.yaml", "expected a readable file", "found no such file"});
}

TEST(YamlAccess, UnknownKeyIsReportedByFinish) {
  YamlMap map = map_of("rows: 4\nrosw: 5\n");
  map.get_int("rows");
  expect_config_error([&] { map.finish(); },
                      {"t.yaml:2:1: key 'rosw'", "expected one of the known keys (rows)",
                       "found unknown key 'rosw'"});
}

TEST(YamlAccess, WrongTypesNameExpectedAndFound) {
  YamlMap map = map_of("rows: four\nratio: [1]\nflag: maybe\nname: {a: 1}\n");
  expect_config_error([&] { map.get_int("rows"); },
                      {"t.yaml:1:7: key 'rows'", "expected an integer", "found 'four'"});
  expect_config_error([&] { map.get_double("ratio"); },
                      {"t.yaml:2:8: key 'ratio'", "expected a number", "found a list"});
  expect_config_error([&] { map.get_bool("flag"); },
                      {"t.yaml:3:7: key 'flag'", "expected true or false", "found 'maybe'"});
  expect_config_error([&] { map.get_string("name"); },
                      {"t.yaml:4:7: key 'name'", "expected a string", "found a map"});
}

TEST(YamlAccess, IntegersAreStrict) {
  YamlMap map = map_of("a: 1.5\nb: 12abc\nc: 99999999999999999999\nd: +3\n");
  expect_config_error([&] { map.get_int("a"); }, {"expected an integer", "found '1.5'"});
  expect_config_error([&] { map.get_int("b"); }, {"found '12abc'"});
  expect_config_error([&] { map.get_int("c"); }, {"found '99999999999999999999'"});
  EXPECT_EQ(map.get_int("d"), 3);
}

TEST(YamlAccess, SizesMustBePositive) {
  YamlMap map = map_of("zero: 0\nnegative: -4 KiB\ngarbage: lots\n");
  expect_config_error([&] { map.get_size_bytes("zero"); },
                      {"t.yaml:1:7: key 'zero'", "expected a size > 0 bytes", "found '0'"});
  expect_config_error([&] { map.get_size_bytes("negative"); },
                      {"key 'negative'", "expected a size > 0 bytes", "found '-4 KiB'"});
  expect_config_error([&] { map.get_size_bytes("garbage"); },
                      {"key 'garbage'", "expected a size in bytes", "found 'lots'"});
}

TEST(YamlAccess, MissingRequiredKeyPointsAtTheMap) {
  YamlMap map = map_of("a: 1\n");
  expect_config_error([&] { map.get_int("rows"); },
                      {"t.yaml:1:1: key 'rows'", "expected an integer", "found nothing"});
}

TEST(YamlAccess, EnumErrorListsValidNames) {
  enum class Color { kRed, kBlue };
  YamlMap map = map_of("color: green\n");
  expect_config_error(
      [&] {
        map.get_enum<Color>("color", {{"red", Color::kRed}, {"blue", Color::kBlue}});
      },
      {"t.yaml:1:8: key 'color'", "expected one of red, blue", "found 'green'"});
}

TEST(YamlAccess, DuplicateKeysAreErrors) {
  expect_config_error([] { map_of("a: 1\nb: 2\na: 3\n"); },
                      {"t.yaml:3:1: key 'a'", "expected each key at most once"});
}

TEST(YamlAccess, NonMapIsRejected) {
  expect_config_error([] { map_of("- 1\n- 2\n"); },
                      {"t.yaml:1:1: ", "expected a map", "found a list"});
}

TEST(YamlAccess, StringListItemsHaveIndexedPaths) {
  YamlMap map = map_of("holds: [inputs, {x: 1}]\n");
  expect_config_error([&] { map.get_string_list("holds"); },
                      {"t.yaml:1:17: key 'holds.1'", "expected a string", "found a map"});
}

}  // namespace
}  // namespace sextant
