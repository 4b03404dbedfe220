// SPDX-License-Identifier: Apache-2.0
#include "models/pe_array/pe_array.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "workloads/systolic_timing.h"
#include "tlm/core/config_error.h"

namespace sextant {
namespace {

/// Element offset of tensor coordinates inside a densely packed box.
std::int64_t packed_index(const TensorBox& box, const std::array<std::int64_t, 5>& coordinate) {
  std::int64_t index = 0;
  for (int i = 0; i < box.rank; ++i) {
    const auto d = static_cast<std::size_t>(i);
    index = index * box.extent[d] + (coordinate[d] - box.offset[d]);
  }
  return index;
}

template <typename T>
T load_element(const std::uint8_t* base, std::int64_t index) {
  T value;
  std::memcpy(&value, base + index * static_cast<std::int64_t>(sizeof(T)), sizeof(T));
  return value;
}

template <typename T>
void store_element(std::uint8_t* base, std::int64_t index, T value) {
  std::memcpy(base + index * static_cast<std::int64_t>(sizeof(T)), &value, sizeof(T));
}

/// Writes (or adds onto) one accumulator element of acc_bytes. Integer accumulators
/// narrower than the sum wrap modulo 2^bits, as the hardware's adders do.
template <typename Sum>
void store_accumulator(std::uint8_t* base, std::int64_t index, Sum sum, bool accumulate, int acc_bytes) {
  if constexpr (std::is_floating_point_v<Sum>) {
    if (accumulate) sum += load_element<float>(base, index);
    store_element<float>(base, index, static_cast<float>(sum));
  } else if (acc_bytes == 8) {
    if (accumulate) sum += load_element<std::int64_t>(base, index);
    store_element<std::int64_t>(base, index, sum);
  } else {
    auto wide = static_cast<std::uint32_t>(sum);
    if (accumulate) wide += static_cast<std::uint32_t>(load_element<std::int32_t>(base, index));
    store_element<std::int32_t>(base, index, static_cast<std::int32_t>(wide));
  }
}

}  // namespace

PeArray::PeArray(sc_core::sc_module_name name, const PeArrayConfig& config, double cycle_ns,
                 std::vector<BufferAccessIf*> buffers, bool functional)
    : sc_core::sc_module(name),
      m_config(config),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_buffers(std::move(buffers)),
      m_functional(functional) {}

std::uint64_t PeArray::execute(const ComputeTile& tile) {
  const std::vector<FoldClass> folds = fold_classes(tile);
  const std::uint64_t cycles = systolic_cycles(m_config, folds);
  const ArrayTraffic traffic = array_traffic(m_config, tile, folds);

  const sc_core::sc_time start = sc_core::sc_time_stamp();
  const sc_core::sc_time systolic_end = start + static_cast<double>(cycles) * m_cycle;
  sc_core::sc_time end = systolic_end;
  for (int t = 0; t < kNumTensorKinds; ++t) {
    const auto ti = static_cast<std::size_t>(t);
    BufferAccessIf* buffer = m_buffers[static_cast<std::size_t>(tile.buffer[ti])];
    const std::uint64_t region = tile.boxes[ti].bytes();
    // Reads can begin at once; the buffer's latency is hidden by the systolic fill.
    end = std::max(end, buffer->reserve(tile.address[ti], region, traffic.read_bytes[t], false, start));
    end = std::max(end, buffer->reserve(tile.address[ti], region, traffic.write_bytes[t], true, start));
  }
  // Latency of the last access beyond the compute is part of the array's pipeline; count
  // only cycles where a bank could not keep up with the array.
  const std::uint64_t lost = end > systolic_end
                                 ? static_cast<std::uint64_t>(std::llround((end - systolic_end) / m_cycle))
                                 : 0;
  if (m_functional) {
    if (m_config.arithmetic == Arithmetic::kFloat) {
      compute_tile<float, float>(tile);
    } else if (m_config.operand_bits == 8) {
      compute_tile<std::int8_t, std::int64_t>(tile);
    } else if (m_config.operand_bits == 16) {
      compute_tile<std::int16_t, std::int64_t>(tile);
    } else {
      compute_tile<std::int32_t, std::int64_t>(tile);
    }
  }
  sc_core::wait(end - start);
  if (m_trace != nullptr) m_trace->span(m_trace_track, "compute", start, end, static_cast<double>(cycles));
  ++m_tiles;
  m_folds += traffic.folds;
  m_macs += traffic.macs;
  m_busy_cycles += cycles;
  m_conflict_cycles += lost;
  return lost;
}

template <typename Operand, typename Sum>
void PeArray::compute_tile(const ComputeTile& tile) {
  const TensorBox& in_box = tile.boxes[0];
  const TensorBox& w_box = tile.boxes[1];
  const TensorBox& out_box = tile.boxes[2];
  const std::uint8_t* inputs = m_buffers[static_cast<std::size_t>(tile.buffer[0])]->contents() + tile.address[0];
  const std::uint8_t* weights = m_buffers[static_cast<std::size_t>(tile.buffer[1])]->contents() + tile.address[1];
  std::uint8_t* outputs = m_buffers[static_cast<std::size_t>(tile.buffer[2])]->contents() + tile.address[2];
  const int acc_bytes = m_config.accumulator_bytes();
  const DimArray& e = tile.extent;
  for (std::int64_t g = 0; g < at(e, Dim::G); ++g) {
    for (std::int64_t n = 0; n < at(e, Dim::N); ++n) {
      for (std::int64_t p = 0; p < at(e, Dim::P); ++p) {
        for (std::int64_t q = 0; q < at(e, Dim::Q); ++q) {
          for (std::int64_t k = 0; k < at(e, Dim::K); ++k) {
            Sum sum = 0;
            for (std::int64_t r = 0; r < at(e, Dim::R); ++r) {
              // The halo box starts at the input row of the tile's first (p, r).
              const std::int64_t h = in_box.offset[1] + p * tile.stride_h + r * tile.dilation_h;
              for (std::int64_t s = 0; s < at(e, Dim::S); ++s) {
                const std::int64_t w = in_box.offset[2] + q * tile.stride_w + s * tile.dilation_w;
                for (std::int64_t c = 0; c < at(e, Dim::C); ++c) {
                  const std::int64_t channel = in_box.offset[3] + g * tile.channels_in + c;
                  const Operand a = load_element<Operand>(
                      inputs, packed_index(in_box, {in_box.offset[0] + n, h, w, channel, 0}));
                  const Operand b = load_element<Operand>(
                      weights, packed_index(w_box, {w_box.offset[0] + g, w_box.offset[1] + r,
                                                    w_box.offset[2] + s, w_box.offset[3] + c,
                                                    w_box.offset[4] + k}));
                  sum += static_cast<Sum>(a) * static_cast<Sum>(b);
                }
              }
            }
            const std::int64_t index = packed_index(
                out_box, {out_box.offset[0] + n, out_box.offset[1] + p, out_box.offset[2] + q,
                          out_box.offset[3] + g * tile.channels_out + k, 0});
            store_accumulator<Sum>(outputs, index, sum, tile.accumulate, acc_bytes);
          }
        }
      }
    }
  }
}

void PeArray::set_trace(TraceRecorder* trace) {
  m_trace = trace;
  if (trace != nullptr) m_trace_track = trace->track(name());
}

void PeArray::collect_stats(StatsGroup& group) const {
  group.add("tiles", "count", "compute tiles executed", static_cast<double>(m_tiles));
  group.add("folds", "count", "folds (stationary-operand loads) executed", static_cast<double>(m_folds));
  group.add("macs", "count", "multiply-accumulates performed", static_cast<double>(m_macs));
  group.add("busy_cycles", "cycles", "cycles of systolic computation", static_cast<double>(m_busy_cycles));
  group.add("bank_conflict_cycles", "cycles", "cycles the array waited for buffer banks or ports",
            static_cast<double>(m_conflict_cycles));
}

void PeArray::reset_stats() { m_tiles = m_folds = m_macs = m_busy_cycles = m_conflict_cycles = 0; }

}  // namespace sextant
