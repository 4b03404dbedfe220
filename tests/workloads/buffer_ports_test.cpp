// SPDX-License-Identifier: Apache-2.0
// The buffer port-time rules by hand: a tensor's traffic spread over the banks its region
// spans; tensors whose slots share a bank wait for each other; two ports let reads and
// writes overlap; double-buffered slots are averaged.
#include "workloads/buffer_ports.h"

#include <gtest/gtest.h>

#include "tests/workloads/test_archs.h"

namespace sextant {
namespace {

// 4 banks of 1 KiB, 16 B per port and cycle, 1 cycle latency.
BufferConfig four_banks(int ports) {
  BufferConfig buffer = testing::buffer("Buf", {TensorKind::kInputs, TensorKind::kWeights}, 4 * testing::kKiB);
  buffer.banks = 4;
  buffer.bank_width_bytes = 16;
  buffer.ports = ports;
  buffer.latency_cycles = 1;
  return buffer;
}

SlotLayout layout(std::uint64_t input_address, std::uint64_t weight_address) {
  SlotLayout slots;
  slots.buffer = {0, 0, 1};
  slots.slots = {1, 1, 1};
  slots.address[0][0] = input_address;
  slots.address[1][0] = weight_address;
  return slots;
}

TEST(BufferPorts, OneTensorSpreadsOverItsBanks) {
  const BufferConfig buffer = four_banks(1);
  // 2 KiB region over 2 banks: 1,600 B read = 800 B per bank = 50 cycles, + latency.
  EXPECT_EQ(buffer_port_cycles(buffer, buffer.bank_size_bytes(), 2048, 1600, 0), 51u);
  // Reads and writes serialize on one port, overlap on two.
  EXPECT_EQ(buffer_port_cycles(buffer, buffer.bank_size_bytes(), 1024, 160, 160), 21u);
  const BufferConfig dual = four_banks(2);
  EXPECT_EQ(buffer_port_cycles(dual, dual.bank_size_bytes(), 1024, 160, 160), 11u);
}

TEST(BufferPorts, TensorsSharingABankWaitForEachOther) {
  const BufferConfig buffer = four_banks(1);
  const std::array<std::uint64_t, kNumTensorKinds> regions{512, 512, 0};
  const std::uint64_t read[kNumTensorKinds] = {320, 160, 0};
  const std::uint64_t write[kNumTensorKinds] = {0, 0, 0};
  // Separate banks: the longer of 20 and 10 cycles, + latency.
  EXPECT_DOUBLE_EQ(shared_bank_port_cycles(buffer, 0, layout(0, 1024), regions, read, write), 21.0);
  // Both in bank 0: 20 + 10 cycles, + latency.
  EXPECT_DOUBLE_EQ(shared_bank_port_cycles(buffer, 0, layout(0, 512), regions, read, write), 31.0);
}

TEST(BufferPorts, DoubleBufferedSlotsAreAveraged) {
  const BufferConfig buffer = four_banks(1);
  SlotLayout slots = layout(0, 512);  // weight slot 0 shares bank 0 with the inputs
  slots.slots[1] = 2;
  slots.address[1][1] = 2048;  // weight slot 1 has bank 2 to itself
  const std::array<std::uint64_t, kNumTensorKinds> regions{512, 512, 0};
  const std::uint64_t read[kNumTensorKinds] = {320, 160, 0};
  const std::uint64_t write[kNumTensorKinds] = {0, 0, 0};
  EXPECT_DOUBLE_EQ(shared_bank_port_cycles(buffer, 0, slots, regions, read, write), (31.0 + 21.0) / 2);
}

}  // namespace
}  // namespace sextant
