// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "tlm/core/dram_config.h"

namespace sextant {

/// Where one burst lives in the DRAM. `column` counts bursts within the row.
struct DramAddress {
  int channel = 0;
  int rank = 0;
  int bank_group = 0;
  int bank = 0;  ///< within its bank group
  int row = 0;
  int column = 0;
};

/// Splits a byte address into DRAM coordinates by a mapping string such as "RoRaBaCoBgCh"
/// (most significant field first, as in Ramulator's and DRAMSys's names). The burst index
/// (address / burst bytes) is read as a mixed-radix number whose digits are the fields, so
/// counts need not be powers of two; addresses past the capacity wrap around.
class AddressMapping {
 public:
  explicit AddressMapping(const DramConfig& config);

  DramAddress decode(std::uint64_t address) const;
  /// Total bytes the device holds.
  std::uint64_t capacity_bytes() const { return m_capacity; }

 private:
  std::vector<DramField> m_least_first;  ///< fields, least significant first
  std::vector<std::uint64_t> m_radix;    ///< count of each field, same order
  std::uint32_t m_burst_bytes;
  std::uint64_t m_capacity;
};

}  // namespace sextant
