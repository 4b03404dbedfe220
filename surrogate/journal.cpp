// SPDX-License-Identifier: Apache-2.0
#include "surrogate/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "surrogate/row_codec.h"
#include "tlm/core/config_error.h"

namespace sextant {

namespace {
[[noreturn]] void fail(const std::string& path, const std::string& expected, const std::string& found) {
  throw ConfigError(SourceLocation{path, 0, 0}, "journal", expected, found);
}
}  // namespace

std::string journal_header(const RunIdentity& identity) {
  const nlohmann::json json = {{"format", "sextant-datagen-journal"},
                               {"schema_version", identity.schema_version},
                               {"generator_version", identity.generator_version},
                               {"seed", identity.seed},
                               {"samples", identity.samples},
                               {"fidelities", identity.fidelities},
                               {"space_yaml", identity.space_yaml}};
  return json.dump();
}

void write_fully(int fd, const std::string& data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t wrote = ::write(fd, data.data() + done, data.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(wrote);
  }
}

Journal Journal::create(const std::string& path, const RunIdentity& identity) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) fail(path, "no journal from an earlier run (use --resume to continue it)", "one exists");
    fail(path, "a journal file that can be created next to --out", std::strerror(errno));
  }
  Journal journal(path, fd);
  journal.append(journal_header(identity));
  return journal;
}

Journal Journal::open(const std::string& path, const RunIdentity& identity, const std::vector<Column>& columns,
                      std::vector<Row>& rows) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "the journal of the run to resume", "no such file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  const std::size_t header_end = text.find('\n');
  if (header_end == std::string::npos) fail(path, "a journal header line", "a truncated header");
  const nlohmann::json header = nlohmann::json::parse(text.substr(0, header_end), nullptr, false);
  const bool is_journal = !header.is_discarded() && header.is_object() && header.contains("format") &&
                          header.at("format") == nlohmann::json("sextant-datagen-journal");
  if (!is_journal) {
    fail(path, "a sextant-datagen journal", "something else");
  }
  RunIdentity theirs;
  try {
    theirs.schema_version = header.at("schema_version").get<int>();
    theirs.generator_version = header.at("generator_version").get<std::string>();
    theirs.seed = header.at("seed").get<std::uint64_t>();
    theirs.samples = header.at("samples").get<std::int64_t>();
    theirs.fidelities = header.at("fidelities").get<std::string>();
    theirs.space_yaml = header.at("space_yaml").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    fail(path, "a complete journal header", "missing fields");
  }
  const std::string difference = identity_difference(theirs, identity);
  if (!difference.empty()) fail(path, "a journal of the same run (space, seed, samples, fidelities)", difference);

  std::size_t good_end = header_end + 1;
  std::set<std::int64_t> seen;
  while (good_end < text.size()) {
    const std::size_t end = text.find('\n', good_end);
    Row row;
    const bool complete = end != std::string::npos;
    const bool decoded = complete && decode_row(text.substr(good_end, end - good_end), columns, row);
    if (!decoded) {
      // Only the last line may be torn by a kill; a bad line before it is corruption.
      if (complete && end + 1 < text.size()) {
        fail(path, "one complete row per line", "a corrupt line at byte " + std::to_string(good_end));
      }
      break;
    }
    if (row.sample < 0 || row.sample >= identity.samples || !seen.insert(row.sample).second) {
      fail(path, "each sample index in range and once", "sample " + std::to_string(row.sample));
    }
    rows.push_back(std::move(row));
    good_end = end + 1;
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) fail(path, "a writable journal", std::strerror(errno));
  if (good_end < text.size() && ::ftruncate(fd, static_cast<off_t>(good_end)) != 0) {
    ::close(fd);
    fail(path, "a journal whose torn last line can be cut", std::strerror(errno));
  }
  return Journal(path, fd);
}

Journal::Journal(Journal&& other) noexcept : m_path(std::move(other.m_path)), m_fd(other.m_fd) { other.m_fd = -1; }

Journal::~Journal() {
  if (m_fd >= 0) ::close(m_fd);
}

void Journal::append(const std::string& line) {
  // One write per line (O_APPEND), then fdatasync: a finished sample is on disk before
  // anything else happens, and a kill can only leave a torn last line.
  write_line(line);
  sync();
}

void Journal::write_line(const std::string& line) { write_fully(m_fd, line + "\n", m_path); }

void Journal::sync() {
  if (::fdatasync(m_fd) != 0) throw std::runtime_error("cannot sync " + m_path + ": " + std::strerror(errno));
}

}  // namespace sextant
