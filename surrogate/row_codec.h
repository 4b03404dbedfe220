// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "surrogate/dataset_schema.h"

namespace sextant {

/// One row as one line of JSON (no newline): {"sample": i, "cells": [...]} with cells in
/// column order, NaN as null. The journal stores these lines and MPI workers send them.
/// Numbers are written with round-trip precision, so decode(encode(r)) == r exactly.
std::string encode_row(const Row& row);

/// Parses a line written by encode_row against the columns; false (no throw) when the
/// line is malformed or does not match the columns (a torn last journal line).
bool decode_row(const std::string& line, const std::vector<Column>& columns, Row& row);

}  // namespace sextant
