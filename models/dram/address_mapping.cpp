// SPDX-License-Identifier: Apache-2.0
#include "models/dram/address_mapping.h"

#include "tlm/core/config_error.h"

namespace sextant {

AddressMapping::AddressMapping(const DramConfig& config) : m_burst_bytes(config.burst_bytes()) {
  const auto fields = parse_address_mapping(config.address_mapping);
  if (!fields) throw ModelError("AddressMapping", "invalid mapping '" + config.address_mapping + "' (not validated?)");
  m_least_first.assign(fields->rbegin(), fields->rend());
  std::uint64_t bursts = 1;
  for (DramField field : m_least_first) {
    std::uint64_t count = 1;
    switch (field) {
      case DramField::kRow:
        count = static_cast<std::uint64_t>(config.rows);
        break;
      case DramField::kRank:
        count = static_cast<std::uint64_t>(config.ranks);
        break;
      case DramField::kBankGroup:
        count = static_cast<std::uint64_t>(config.bank_groups);
        break;
      case DramField::kBank:
        count = static_cast<std::uint64_t>(config.banks_per_group);
        break;
      case DramField::kColumn:
        // Bursts per row: a burst covers burst_length columns.
        count = static_cast<std::uint64_t>(config.columns / config.burst_length);
        break;
      case DramField::kChannel:
        count = static_cast<std::uint64_t>(config.channels);
        break;
    }
    m_radix.push_back(count);
    bursts *= count;
  }
  m_capacity = bursts * m_burst_bytes;
}

DramAddress AddressMapping::decode(std::uint64_t address) const {
  std::uint64_t burst = (address % m_capacity) / m_burst_bytes;
  DramAddress out;
  for (std::size_t i = 0; i < m_least_first.size(); ++i) {
    const int digit = static_cast<int>(burst % m_radix[i]);
    burst /= m_radix[i];
    switch (m_least_first[i]) {
      case DramField::kRow:
        out.row = digit;
        break;
      case DramField::kRank:
        out.rank = digit;
        break;
      case DramField::kBankGroup:
        out.bank_group = digit;
        break;
      case DramField::kBank:
        out.bank = digit;
        break;
      case DramField::kColumn:
        out.column = digit;
        break;
      case DramField::kChannel:
        out.channel = digit;
        break;
    }
  }
  return out;
}

}  // namespace sextant
