// SPDX-License-Identifier: Apache-2.0
#include "surrogate/dataset_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <H5Cpp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>

#include "tlm/core/config_error.h"

namespace sextant {

void silence_hdf5_errors() { H5::Exception::dontPrint(); }

namespace {

/// Variable-length UTF-8 strings: what h5py reads as str (with .asstr()) or bytes.
H5::StrType text_type() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

void write_text_attribute(H5::H5Object& object, const std::string& name, const std::string& value) {
  const H5::StrType type = text_type();
  H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, value);
}

void write_int_attribute(H5::H5Object& object, const std::string& name, std::int64_t value) {
  H5::Attribute attribute = object.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_INT64, &value);
}

void write_uint_attribute(H5::H5Object& object, const std::string& name, std::uint64_t value) {
  H5::Attribute attribute = object.createAttribute(name, H5::PredType::NATIVE_UINT64, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_UINT64, &value);
}

void write_column(H5::H5File& file, const Column& column, std::size_t index, const std::vector<Row>& rows) {
  const hsize_t size[1] = {rows.size()};
  const hsize_t max_size[1] = {H5S_UNLIMITED};
  H5::DataSpace space(1, size, max_size);
  H5::DSetCreatPropList properties;
  // Chunked with an unlimited extent: appendable, and a reader of one column touches
  // only that column's chunks.
  const hsize_t chunk[1] = {rows.empty() ? 1 : std::min<hsize_t>(rows.size(), 4096)};
  properties.setChunk(1, chunk);
  H5::DataSet dataset;
  switch (column.type) {
    case ColumnType::kInt64: {
      std::vector<std::int64_t> values;
      for (const Row& row : rows) values.push_back(std::get<std::int64_t>(row.cells[index]));
      dataset = file.createDataSet(column.path, H5::PredType::STD_I64LE, space, properties);
      if (!values.empty()) dataset.write(values.data(), H5::PredType::NATIVE_INT64);
      break;
    }
    case ColumnType::kFloat64: {
      std::vector<double> values;
      for (const Row& row : rows) values.push_back(std::get<double>(row.cells[index]));
      dataset = file.createDataSet(column.path, H5::PredType::IEEE_F64LE, space, properties);
      if (!values.empty()) dataset.write(values.data(), H5::PredType::NATIVE_DOUBLE);
      break;
    }
    case ColumnType::kString: {
      std::vector<const char*> values;
      for (const Row& row : rows) values.push_back(std::get<std::string>(row.cells[index]).c_str());
      const H5::StrType type = text_type();
      dataset = file.createDataSet(column.path, type, space, properties);
      if (!values.empty()) dataset.write(values.data(), type);
      break;
    }
  }
  write_text_attribute(dataset, "units", column.unit);
  write_text_attribute(dataset, "description", column.description);
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + " to sync it: " + std::strerror(errno));
  const int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) throw std::runtime_error("cannot sync " + path + ": " + std::strerror(errno));
}

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

void write_dataset_file(const std::string& path, const DatasetInfo& info, const std::vector<Column>& columns,
                        const std::vector<Row>& rows) {
  const std::string temp = path + ".tmp";
  try {
    H5::H5File file(temp, H5F_ACC_TRUNC);
    std::set<std::string> groups;
    for (const Column& column : columns) {
      const std::size_t slash = column.path.find('/');
      if (slash != std::string::npos && groups.insert(column.path.substr(0, slash)).second) {
        file.createGroup(column.path.substr(0, slash));
      }
    }
    for (const char* group : {"arch", "workload", "mapping", "lowfi", "hifi", "timing"}) {
      if (groups.insert(group).second) file.createGroup(group);
    }
    for (std::size_t i = 0; i < columns.size(); ++i) write_column(file, columns[i], i, rows);
    std::int64_t finished = 0;
    for (const Row& row : rows) finished += std::get<std::int64_t>(row.cells[1]) >= 0 ? 1 : 0;
    write_int_attribute(file, "schema_version", info.identity.schema_version);
    write_text_attribute(file, "generator", "sextant-datagen");
    write_text_attribute(file, "generator_version", info.identity.generator_version);
    write_text_attribute(file, "space_yaml", info.identity.space_yaml);
    write_text_attribute(file, "space_name", info.space_name);
    write_text_attribute(file, "space_file", info.space_file);
    write_uint_attribute(file, "seed", info.identity.seed);
    write_int_attribute(file, "samples", info.identity.samples);
    write_int_attribute(file, "finished_samples", finished);
    write_text_attribute(file, "fidelities", info.identity.fidelities);
    write_text_attribute(file, "sampler", info.sampler);
    write_text_attribute(file, "mapping_policy", info.mapping_policy);
    write_text_attribute(file, "status_codes",
                         "-1 pending, 0 ok, 1 invalid_design, 2 invalid_mapping, 3 failed, 4 timeout, 5 crashed");
    std::ostringstream units;
    for (const Column& column : columns) units << column.path << ": " << column.unit << "\n";
    write_text_attribute(file, "units", units.str());
    file.close();
  } catch (const H5::Exception& error) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write " + temp + ": HDF5: " + error.getDetailMsg());
  }
  sync_path(temp, O_RDONLY);
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + temp + " to " + path + ": " + std::strerror(errno));
  }
  sync_path(folder_of(path), O_RDONLY | O_DIRECTORY);
}

namespace {

std::string number_text(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string read_text_attribute(const H5::Attribute& attribute) {
  std::string value;
  attribute.read(attribute.getStrType(), value);
  return value;
}

std::string attribute_text(const H5::Attribute& attribute) {
  switch (attribute.getTypeClass()) {
    case H5T_STRING: return read_text_attribute(attribute);
    case H5T_INTEGER: {
      if (attribute.getIntType().getSign() == H5T_SGN_NONE) {
        std::uint64_t value = 0;
        attribute.read(H5::PredType::NATIVE_UINT64, &value);
        return std::to_string(value);
      }
      std::int64_t value = 0;
      attribute.read(H5::PredType::NATIVE_INT64, &value);
      return std::to_string(value);
    }
    case H5T_FLOAT: {
      double value = 0;
      attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
      return number_text(value);
    }
    default: return "?";
  }
}

std::vector<std::string> read_column(const H5::DataSet& dataset) {
  const H5::DataSpace space = dataset.getSpace();
  hsize_t size[1] = {0};
  space.getSimpleExtentDims(size);
  std::vector<std::string> out;
  switch (dataset.getTypeClass()) {
    case H5T_INTEGER: {
      std::vector<std::int64_t> values(size[0]);
      if (size[0] > 0) dataset.read(values.data(), H5::PredType::NATIVE_INT64);
      for (std::int64_t v : values) out.push_back(std::to_string(v));
      break;
    }
    case H5T_FLOAT: {
      std::vector<double> values(size[0]);
      if (size[0] > 0) dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
      for (double v : values) out.push_back(number_text(v));
      break;
    }
    case H5T_STRING: {
      std::vector<char*> values(size[0], nullptr);
      const H5::StrType type = text_type();
      if (size[0] > 0) {
        dataset.read(values.data(), type);
        for (char* v : values) out.emplace_back(v == nullptr ? "" : v);
        H5::DataSet::vlenReclaim(values.data(), type, space);
      }
      break;
    }
    default: throw std::runtime_error("column of an unsupported type");
  }
  return out;
}

void read_group(const H5::Group& group, const std::string& prefix, DatasetContents& contents) {
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    if (group.childObjType(name) == H5O_TYPE_GROUP) {
      read_group(group.openGroup(name), path, contents);
    } else if (group.childObjType(name) == H5O_TYPE_DATASET) {
      const H5::DataSet dataset = group.openDataSet(name);
      contents.columns[path] = read_column(dataset);
      if (dataset.attrExists("units")) contents.units[path] = read_text_attribute(dataset.openAttribute("units"));
    }
  }
}

[[noreturn]] void unreadable(const std::string& path, const H5::Exception& error) {
  throw ConfigError(SourceLocation{path, 0, 0}, "--out", "a readable sextant-datagen HDF5 file",
                    "an unreadable file (truncated or corrupt? HDF5: " + error.getDetailMsg() + ")");
}

}  // namespace

DatasetContents read_dataset_file(const std::string& path) {
  DatasetContents contents;
  try {
    const H5::H5File file(path, H5F_ACC_RDONLY);
    for (int i = 0; i < file.getNumAttrs(); ++i) {
      const H5::Attribute attribute = file.openAttribute(static_cast<unsigned>(i));
      contents.attributes[attribute.getName()] = attribute_text(attribute);
    }
    read_group(file, "", contents);
  } catch (const H5::Exception& error) {
    unreadable(path, error);
  }
  return contents;
}

RunIdentity read_dataset_identity(const std::string& path) {
  RunIdentity identity;
  try {
    const H5::H5File file(path, H5F_ACC_RDONLY);
    for (const char* name : {"schema_version", "space_yaml", "seed", "samples", "fidelities", "generator_version"}) {
      if (!file.attrExists(name)) {
        throw ConfigError(SourceLocation{path, 0, 0}, "--out", "a file written by sextant-datagen",
                          std::string("an HDF5 file without the '") + name + "' attribute");
      }
    }
    const auto text = [&](const char* name) { return attribute_text(file.openAttribute(name)); };
    identity.schema_version = std::stoi(text("schema_version"));
    identity.space_yaml = text("space_yaml");
    identity.seed = std::stoull(text("seed"));
    identity.samples = std::stoll(text("samples"));
    identity.fidelities = text("fidelities");
    identity.generator_version = text("generator_version");
  } catch (const H5::Exception& error) {
    unreadable(path, error);
  }
  return identity;
}

}  // namespace sextant
