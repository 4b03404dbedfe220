// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <cstring>

#include <tlm>

namespace sextant {

/// Serves a payload's data from a target's backing store of `size` bytes (nullptr when the
/// target holds no data, as in timing-only mode, or the payload carries none). Sets the
/// response status; returns false (address error) when the access runs past the end.
inline bool serve_payload_data(tlm::tlm_generic_payload& payload, std::uint8_t* storage, std::uint64_t size) {
  const std::uint64_t address = payload.get_address();
  const std::uint64_t length = payload.get_data_length();
  if (address + length > size) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (storage != nullptr && payload.get_data_ptr() != nullptr) {
    if (payload.is_write()) {
      std::memcpy(storage + address, payload.get_data_ptr(), length);
    } else {
      std::memcpy(payload.get_data_ptr(), storage + address, length);
    }
  }
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

}  // namespace sextant
