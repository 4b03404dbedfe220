// SPDX-License-Identifier: Apache-2.0
#include "workloads/compiler.h"

#include <algorithm>
#include <map>
#include <string>

#include "workloads/mapping_validity.h"
#include "workloads/slot_layout.h"
#include "workloads/systolic_timing.h"

namespace sextant {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

TensorBox input_box(const Op& op, const DimArray& off, const DimArray& ext, int bytes) {
  TensorBox box;
  box.rank = 4;
  box.element_bytes = bytes;
  const std::int64_t channels = op.dim(Dim::G) * op.dim(Dim::C);
  box.shape = {op.dim(Dim::N), op.input_h(), op.input_w(), channels, 0};
  box.offset = {at(off, Dim::N),
                at(off, Dim::P) * op.stride_h - op.pad_h + at(off, Dim::R) * op.dilation_h,
                at(off, Dim::Q) * op.stride_w - op.pad_w + at(off, Dim::S) * op.dilation_w,
                at(off, Dim::G) * op.dim(Dim::C) + at(off, Dim::C), 0};
  box.extent = {at(ext, Dim::N),
                (at(ext, Dim::P) - 1) * op.stride_h + (at(ext, Dim::R) - 1) * op.dilation_h + 1,
                (at(ext, Dim::Q) - 1) * op.stride_w + (at(ext, Dim::S) - 1) * op.dilation_w + 1,
                (at(ext, Dim::G) - 1) * op.dim(Dim::C) + at(ext, Dim::C), 0};
  return box;
}

TensorBox weight_box(const Op& op, const DimArray& off, const DimArray& ext, int bytes) {
  TensorBox box;
  box.rank = 5;
  box.element_bytes = bytes;
  box.shape = {op.dim(Dim::G), op.dim(Dim::R), op.dim(Dim::S), op.dim(Dim::C), op.dim(Dim::K)};
  box.offset = {at(off, Dim::G), at(off, Dim::R), at(off, Dim::S), at(off, Dim::C), at(off, Dim::K)};
  box.extent = {at(ext, Dim::G), at(ext, Dim::R), at(ext, Dim::S), at(ext, Dim::C), at(ext, Dim::K)};
  return box;
}

TensorBox output_box(const Op& op, const DimArray& off, const DimArray& ext, int bytes) {
  TensorBox box;
  box.rank = 4;
  box.element_bytes = bytes;
  box.shape = {op.dim(Dim::N), op.dim(Dim::P), op.dim(Dim::Q), op.dim(Dim::G) * op.dim(Dim::K), 0};
  box.offset = {at(off, Dim::N), at(off, Dim::P), at(off, Dim::Q),
                at(off, Dim::G) * op.dim(Dim::K) + at(off, Dim::K), 0};
  box.extent = {at(ext, Dim::N), at(ext, Dim::P), at(ext, Dim::Q),
                (at(ext, Dim::G) - 1) * op.dim(Dim::K) + at(ext, Dim::K), 0};
  return box;
}

TensorBox whole(TensorBox box) {
  for (int i = 0; i < box.rank; ++i) {
    box.offset[static_cast<std::size_t>(i)] = 0;
    box.extent[static_cast<std::size_t>(i)] = box.shape[static_cast<std::size_t>(i)];
  }
  return box;
}

}  // namespace

void lay_out_tensors(const Op& op, const ArchConfig& arch, Program& program) {
  const int ob = arch.pe_array.operand_bytes();
  const int ab = arch.pe_array.accumulator_bytes();
  DimArray zero{};
  DimArray full = op.dims;
  program.whole_tensor = {whole(input_box(op, zero, full, ob)), weight_box(op, zero, full, ob),
                          output_box(op, zero, full, ab)};
  // The halo formula reproduces the padded input; the whole tensor is the unpadded one.
  program.whole_tensor[0].extent = program.whole_tensor[0].shape;
  std::uint64_t cursor = 0;
  for (int t = 0; t < kNumTensorKinds; ++t) {
    program.dram_base[static_cast<std::size_t>(t)] = cursor;
    cursor = align_up(cursor + program.whole_tensor[static_cast<std::size_t>(t)].bytes(), 4096);
  }
}

namespace {

/// Emits commands while tracking, per tensor, which box sits in which slot and which
/// command last touched each slot, so every dependency is explicit.
class ProgramBuilder {
 public:
  ProgramBuilder(const Op& op, const Mapping& mapping, const ArchConfig& arch)
      : m_layout(allocate_slots(op, mapping, arch)), m_output_bytes(arch.pe_array.output_bytes()) {
    // An output box is final once every DRAM tile of the reduction dims added to it: as many
    // as the DRAM loop walks, which a prefix of the program (dram_prefix.h) cuts, so that its
    // last iteration finishes and stores the outputs as the whole op's does.
    for (const Dim d : {Dim::C, Dim::R, Dim::S}) {
      const std::int64_t tiles = (op.dim(d) + mapping.inner_extent(0, d) - 1) / mapping.inner_extent(0, d);
      m_reduction_tiles *= std::min(tiles, at(mapping.levels.front().temporal, d));
    }
    m_keep_partial_sums = keeps_partial_sums(op, mapping, arch);
    m_reload_unchanged = arch.controller.reload_unchanged_tiles;
    const BufferConfig& out_buffer = arch.buffers[static_cast<std::size_t>(m_layout.buffer[2])];
    const std::uint64_t out_tile = tile_bytes(op, mapping, arch, TensorKind::kOutputs);
    m_resident_tile_bytes = align_up(out_tile, out_buffer.bank_width_bytes);
    if (m_resident_tile_bytes > 0) m_resident_regions = std::max<std::uint64_t>(1, out_buffer.size_bytes / m_resident_tile_bytes);
    m_program.op_name = op.name;
    m_program.op_kind = op.kind;
    m_program.macs = static_cast<std::uint64_t>(op.macs());
    lay_out_tensors(op, arch, m_program);
  }

  /// Makes sure `box` of an input-side tensor (inputs or weights) is on chip; returns the
  /// slot and records the command that brings it.
  int ensure_loaded(TensorKind tensor, const TensorBox& box) {
    TensorState& state = m_state[static_cast<int>(tensor)];
    // Software that hands the accelerator one whole tile per call moves it in again.
    if (state.resident_valid && state.resident == box && !m_reload_unchanged) return state.current_slot;
    const int slot = advance_slot(tensor);
    std::vector<std::uint32_t> deps;
    add_dep(deps, state.last_reader[static_cast<std::size_t>(slot)]);
    state.producer[static_cast<std::size_t>(slot)] = emit_transfer(CommandKind::kLoad, tensor, box, slot, deps);
    state.resident = box;
    state.resident_valid = true;
    return slot;
  }

  /// Switches the output tile to `box`: stores the previous one, and reloads partial sums
  /// when this box was computed before. Returns whether the first compute accumulates.
  bool switch_output(const TensorBox& box) {
    TensorState& state = m_state[static_cast<int>(TensorKind::kOutputs)];
    if (state.resident_valid && state.resident == box) return true;
    if (m_keep_partial_sums) return switch_resident_output(box);
    flush_output();
    const int slot = advance_slot(TensorKind::kOutputs);
    const auto s = static_cast<std::size_t>(slot);
    std::vector<std::uint32_t> deps;
    add_dep(deps, state.last_reader[s]);  // the store that empties this slot
    bool accumulate = false;
    state.producer[s] = kNone;
    const auto seen = m_stored_outputs.find(box_key(box));
    if (seen != m_stored_outputs.end()) {
      add_dep(deps, seen->second);  // read the partial sums only after they reached DRAM
      state.producer[s] = emit_transfer(CommandKind::kLoad, TensorKind::kOutputs, box, slot, deps);
      accumulate = true;
    } else if (!deps.empty()) {
      m_output_slot_free = deps.front();
    }
    state.resident = box;
    state.resident_valid = true;
    return accumulate;
  }

  void compute(const ComputeTile& tile_template, const std::array<int, kNumTensorKinds>& slots) {
    Command command;
    command.kind = CommandKind::kCompute;
    command.compute = tile_template;
    for (int t = 0; t < kNumTensorKinds; ++t) {
      const auto ti = static_cast<std::size_t>(t);
      const auto slot = static_cast<std::size_t>(slots[ti]);
      command.compute.buffer[ti] = m_layout.buffer[ti];
      command.compute.address[ti] = m_layout.address[ti][slot];
      add_dep(command.deps, m_state[ti].producer[slot]);
    }
    if (m_keep_partial_sums) command.compute.address[2] = m_resident_address;
    add_dep(command.deps, m_output_slot_free);
    m_output_slot_free = kNone;
    add_dep(command.deps, m_last_compute);
    const std::uint32_t id = push(std::move(command));
    m_last_compute = id;
    for (int t = 0; t < kNumTensorKinds; ++t) {
      const auto ti = static_cast<std::size_t>(t);
      m_state[ti].last_reader[static_cast<std::size_t>(slots[ti])] = id;
    }
    // The output slot's contents are now produced by this compute.
    TensorState& out = m_state[static_cast<int>(TensorKind::kOutputs)];
    out.producer[static_cast<std::size_t>(out.current_slot)] = id;
    ++m_reductions_done[box_key(out.resident)];
  }

  Program finish() {
    flush_output();
    Command barrier;
    barrier.kind = CommandKind::kBarrier;
    for (std::uint32_t store : m_all_stores) add_dep(barrier.deps, store);
    add_dep(barrier.deps, m_last_compute);
    push(std::move(barrier));
    return std::move(m_program);
  }

  int current_slot(TensorKind tensor) const { return m_state[static_cast<int>(tensor)].current_slot; }

  std::size_t commands_emitted() const { return m_program.commands.size(); }
  /// The host pays its per-tile cost before the first command a DRAM tile emitted (a
  /// tile always emits at least its compute).
  void mark_tile_start(std::size_t first_command) { m_program.commands[first_command].starts_tile = true; }

 private:
  struct TensorState {
    TensorBox resident;
    bool resident_valid = false;
    int current_slot = -1;
    std::array<std::uint32_t, 2> producer{kNone, kNone};     // command that filled the slot
    std::array<std::uint32_t, 2> last_reader{kNone, kNone};  // last command that used it
  };

  static std::string box_key(const TensorBox& box) {
    std::string key;
    for (int i = 0; i < box.rank; ++i) {
      key += std::to_string(box.offset[static_cast<std::size_t>(i)]) + ":" +
             std::to_string(box.extent[static_cast<std::size_t>(i)]) + ",";
    }
    return key;
  }

  static void add_dep(std::vector<std::uint32_t>& deps, std::uint32_t id) {
    if (id != kNone && std::find(deps.begin(), deps.end(), id) == deps.end()) deps.push_back(id);
  }

  int advance_slot(TensorKind tensor) {
    TensorState& state = m_state[static_cast<int>(tensor)];
    state.current_slot = (state.current_slot + 1) % m_layout.slots[static_cast<int>(tensor)];
    return state.current_slot;
  }

  std::uint32_t emit_transfer(CommandKind kind, TensorKind tensor, const TensorBox& box, int slot,
                              const std::vector<std::uint32_t>& deps) {
    const auto t = static_cast<std::size_t>(tensor);
    Command command;
    command.kind = kind;
    command.deps = deps;
    command.transfer.tensor = tensor;
    command.transfer.dram_base = m_program.dram_base[t];
    command.transfer.box = box;
    command.transfer.buffer = m_layout.buffer[t];
    command.transfer.buffer_address = m_layout.address[t][static_cast<std::size_t>(slot)];
    return push(std::move(command));
  }

  void flush_output() {
    TensorState& state = m_state[static_cast<int>(TensorKind::kOutputs)];
    if (!state.resident_valid) return;
    if (m_keep_partial_sums) {
      // Partial sums stay in their region; only a complete tile leaves the chip.
      state.resident_valid = false;
      if (m_reductions_done[box_key(state.resident)] < m_reduction_tiles) return;
    }
    const auto s = static_cast<std::size_t>(state.current_slot);
    std::vector<std::uint32_t> deps;
    add_dep(deps, state.producer[s]);
    // Final outputs leave at output precision (Gemmini's mvout scales them to elem_t);
    // partial sums that come back later keep the accumulator's.
    TensorBox box = state.resident;
    if (m_reductions_done[box_key(box)] == m_reduction_tiles) box.element_bytes = m_output_bytes;
    const std::uint32_t store = emit_transfer(CommandKind::kStore, TensorKind::kOutputs, box, state.current_slot, deps);
    if (m_keep_partial_sums) m_program.commands[store].transfer.buffer_address = m_resident_address;
    state.last_reader[s] = store;
    m_stored_outputs[box_key(state.resident)] = store;
    m_all_stores.push_back(store);
    state.resident_valid = false;
  }

  /// switch_output() with resident partial sums: no store of the previous tile (unless it
  /// is complete), no reload; the tile's region is found or allocated.
  bool switch_resident_output(const TensorBox& box) {
    TensorState& state = m_state[static_cast<int>(TensorKind::kOutputs)];
    flush_output();
    const std::string key = box_key(box);
    auto found = m_resident_region.find(key);
    const bool seen = found != m_resident_region.end();
    // Regions in turn; when they run out (overwrite_partial_sums) the next tile takes the
    // first again, over partial sums not yet complete, as the hardware's software does.
    if (!seen) found = m_resident_region.emplace(key, (m_resident_region.size() % m_resident_regions) * m_resident_tile_bytes).first;
    m_resident_address = found->second;
    state.current_slot = 0;
    state.resident = box;
    state.resident_valid = true;
    return seen;
  }

  std::uint32_t push(Command command) {
    command.id = static_cast<std::uint32_t>(m_program.commands.size());
    m_program.commands.push_back(std::move(command));
    return m_program.commands.back().id;
  }

  SlotLayout m_layout;
  int m_output_bytes = 4;
  std::int64_t m_reduction_tiles = 1;
  std::map<std::string, std::int64_t> m_reductions_done;  // computes per output box
  bool m_keep_partial_sums = false;
  bool m_reload_unchanged = false;  ///< controller.reload_unchanged_tiles
  std::uint64_t m_resident_tile_bytes = 0;
  std::uint64_t m_resident_regions = 1;  ///< output tile regions the buffer holds
  std::map<std::string, std::uint64_t> m_resident_region;  // output box -> its buffer address
  std::uint64_t m_resident_address = 0;
  Program m_program;
  std::array<TensorState, kNumTensorKinds> m_state;
  std::map<std::string, std::uint32_t> m_stored_outputs;
  std::vector<std::uint32_t> m_all_stores;
  std::uint32_t m_last_compute = kNone;
  std::uint32_t m_output_slot_free = kNone;
};

}  // namespace

namespace {

/// Whether keep_partial_sums applies to the op at all (the reduction spans several DRAM
/// tiles), and then whether every output tile's region fits the buffer at once.
struct ResidentOutputs {
  bool applies = false;
  bool fit = false;
};

ResidentOutputs resident_outputs(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  const BufferConfig& buffer = arch.buffer_for(TensorKind::kOutputs);
  if (!buffer.keep_partial_sums) return {};
  const auto trips = [&](Dim d) {
    return static_cast<std::uint64_t>((op.dim(d) + mapping.inner_extent(0, d) - 1) / mapping.inner_extent(0, d));
  };
  if (trips(Dim::C) * trips(Dim::R) * trips(Dim::S) <= 1) return {};
  // Every output tile gets its own region of the buffer, used until its reduction is complete.
  const std::uint64_t region = align_up(tile_bytes(op, mapping, arch, TensorKind::kOutputs), buffer.bank_width_bytes);
  return {true, trips(Dim::G) * trips(Dim::N) * trips(Dim::K) * trips(Dim::P) * trips(Dim::Q) * region <= buffer.size_bytes};
}

}  // namespace

bool keeps_partial_sums(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  const ResidentOutputs resident = resident_outputs(op, mapping, arch);
  return resident.applies && (resident.fit || arch.buffer_for(TensorKind::kOutputs).overwrite_partial_sums);
}

bool overwrites_partial_sums(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  const ResidentOutputs resident = resident_outputs(op, mapping, arch);
  return resident.applies && !resident.fit && arch.buffer_for(TensorKind::kOutputs).overwrite_partial_sums;
}

DimArray fold_stream(const Mapping& mapping, const DataflowRoles& roles) {
  DimArray stream = mapping.levels.back().temporal;
  for (int l = static_cast<int>(mapping.levels.size()) - 2; l >= 1; --l) {
    const LevelMapping& level = mapping.levels[static_cast<std::size_t>(l)];
    for (char letter : level.permutation) {
      Dim dim;
      if (!dim_from_letter(letter, dim) || at(level.temporal, dim) == 1) continue;
      if (!roles.stream_dim[static_cast<int>(dim)]) return stream;
      at(stream, dim) *= at(level.temporal, dim);
    }
  }
  return stream;
}

Program compile(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  const DataflowRoles roles = dataflow_roles(arch.pe_array.dataflow);
  const int ob = arch.pe_array.operand_bytes();
  const int ab = arch.pe_array.accumulator_bytes();

  DimArray tile{};
  for (Dim d : kAllDims) at(tile, d) = mapping.inner_extent(0, d);
  const LevelMapping& dram = mapping.levels.front();

  // Loop order of the DRAM level, innermost first; dims missing from the permutation are
  // treated as outermost (they have factor 1 in a valid mapping or are appended).
  std::vector<Dim> order;
  for (char letter : dram.permutation) {
    Dim dim;
    if (dim_from_letter(letter, dim) && std::find(order.begin(), order.end(), dim) == order.end()) {
      order.push_back(dim);
    }
  }
  for (Dim d : kAllDims) {
    if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
  }

  ComputeTile tile_template;
  tile_template.rows = mapping.spatial.rows;
  tile_template.cols = mapping.spatial.cols;
  tile_template.stream = fold_stream(mapping, roles);
  tile_template.stride_h = op.stride_h;
  tile_template.stride_w = op.stride_w;
  tile_template.dilation_h = op.dilation_h;
  tile_template.dilation_w = op.dilation_w;
  tile_template.channels_in = op.dim(Dim::C);
  tile_template.channels_out = op.dim(Dim::K);
  tile_template.command_dim = compute_command_dim(op.kind);

  ProgramBuilder builder(op, mapping, arch);
  DimArray index{};
  while (true) {
    DimArray offset{};
    DimArray extent{};
    bool empty = false;
    for (Dim d : kAllDims) {
      at(offset, d) = at(index, d) * at(tile, d);
      at(extent, d) = std::min(at(tile, d), op.dim(d) - at(offset, d));
      empty = empty || at(extent, d) <= 0;
    }
    if (!empty) {
      const std::size_t first_command = builder.commands_emitted();
      std::array<int, kNumTensorKinds> slots{};
      slots[0] = builder.ensure_loaded(TensorKind::kInputs, input_box(op, offset, extent, ob));
      slots[1] = builder.ensure_loaded(TensorKind::kWeights, weight_box(op, offset, extent, ob));
      ComputeTile tile_command = tile_template;
      tile_command.offset = offset;
      tile_command.extent = extent;
      tile_command.boxes = {input_box(op, offset, extent, ob), weight_box(op, offset, extent, ob),
                            output_box(op, offset, extent, ab)};
      tile_command.accumulate = builder.switch_output(tile_command.boxes[2]);
      slots[2] = builder.current_slot(TensorKind::kOutputs);
      builder.compute(tile_command, slots);
      builder.mark_tile_start(first_command);
    }
    // Odometer over the DRAM loops, innermost first.
    std::size_t position = 0;
    for (; position < order.size(); ++position) {
      const Dim d = order[position];
      if (++at(index, d) < at(dram.temporal, d)) break;
      at(index, d) = 0;
    }
    if (position == order.size()) break;
  }
  return builder.finish();
}

}  // namespace sextant
