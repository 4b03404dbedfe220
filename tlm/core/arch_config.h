// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tlm/core/dram_config.h"
#include "tlm/core/llc_config.h"
#include "tlm/core/noc_config.h"
#include "tlm/core/tensor_kind.h"

namespace sextant {

/// Which operand stays in the PEs while the others stream through (SCALE-Sim's terms).
enum class Dataflow { kOutputStationary, kWeightStationary, kInputStationary };
/// Integer (int8 x int8 -> int32 style) or floating-point (fp32) arithmetic.
enum class Arithmetic { kInteger, kFloat };
/// The memory behind the DMA: unbounded bandwidth and zero latency, a fixed
/// bandwidth/latency endpoint, or the DRAM timing model (memory.dram).
enum class MemoryModel { kIdeal, kFixed, kDram };

const char* dataflow_name(Dataflow dataflow);        // "OS", "WS", "IS"
const char* arithmetic_name(Arithmetic arithmetic);  // "int", "float"
const char* memory_model_name(MemoryModel model);    // "ideal", "fixed", "dram"

struct PeArrayConfig {
  int rows = 0;
  int cols = 0;
  Dataflow dataflow = Dataflow::kWeightStationary;
  Arithmetic arithmetic = Arithmetic::kInteger;
  int operand_bits = 8;
  int accumulator_bits = 32;
  /// Whether the next fold's preload overlaps the current fold's streaming
  /// (double-buffered stationary registers in the PEs).
  bool fold_overlap = true;
  /// 0: a fold streams as one stream (the formula above). N > 0: the array runs a fold as
  /// compute commands of at most N streamed rows, none crossing a row of the output image
  /// (a matmul's rows of M run N at a time), as Gemmini's loop unrollers issue them
  /// (LoopConv: I = min(ocols - ocol, DIM)). Each command costs max(its rows,
  /// compute_command_min_cycles); the command that loads a fold's stationary operand costs
  /// max(rows of the array, its rows) and hides nothing; commands of consecutive tiles
  /// follow each other through the array without a fill or drain in between.
  int compute_command_rows = 0;
  /// The least cycles one compute command occupies the array (Gemmini: 4, the spacing of
  /// accumulator writes). Used only with compute_command_rows > 0.
  int compute_command_min_cycles = 1;
  /// How many compute commands may be inside the array at once (0: no limit; otherwise
  /// >= 2). Used only with compute_command_rows > 0. A command holds its place from the
  /// cycle the array accepts it until the last row of the command after it has left the
  /// array (R + C - 1 cycles after entering), so a run of like commands of I rows costs at
  /// least (I - 1 + R + C - 1) / (N - 1) cycles each: short commands on a large array wait
  /// for places, not for rows. Gemmini: the mesh's tag queue, max_simultaneous_matmuls + 1
  /// = 6 entries (MeshWithDelays.scala; 5 matmuls with pipelined PEs).
  int compute_commands_in_flight = 0;
  /// Precision of the final outputs written to DRAM (Gemmini's mvout scales accumulators
  /// back to elem_t); 0 means accumulator_bits. Partial sums that leave the chip keep
  /// accumulator_bits.
  int output_bits = 0;

  int operand_bytes() const { return operand_bits / 8; }
  int accumulator_bytes() const { return accumulator_bits / 8; }
  int output_bytes() const { return (output_bits == 0 ? accumulator_bits : output_bits) / 8; }
};

/// One on-chip SRAM. Banks are contiguous address ranges of size_bytes / banks.
struct BufferConfig {
  std::string name;
  TensorSet holds;
  std::uint64_t size_bytes = 0;
  int banks = 1;
  std::uint32_t bank_width_bytes = 16;  ///< bytes one port of one bank moves per cycle
  int ports = 1;                        ///< ports per bank
  int latency_cycles = 1;               ///< access latency added to each transfer
  /// A buffer holding outputs keeps each output tile until its reduction is complete, so
  /// partial sums never go to DRAM (when the whole output tensor fits; otherwise they spill,
  /// or see overwrite_partial_sums).
  bool keep_partial_sums = false;
  /// With keep_partial_sums, when the output tiles' regions do not all fit: false, the
  /// partial sums spill to DRAM and come back (a correct schedule); true, the tiles share
  /// the regions in turn and overwrite each other's partial sums, as Gemmini's
  /// tiled_conv / tiled_matmul do (they never store a partial sum): the timing of the
  /// measured hardware, with wrong outputs (functional mode refuses it).
  /// YAML: partial_sums_overflow: spill | overwrite.
  bool overwrite_partial_sums = false;

  std::uint64_t bank_size_bytes() const { return size_bytes / static_cast<std::uint64_t>(banks); }
};

struct DmaConfig {
  std::uint32_t bytes_per_cycle = 16;  ///< width of the DMA's data path
  std::uint32_t burst_bytes = 64;      ///< largest single memory request
  int outstanding = 8;                 ///< memory requests in flight at once
  /// 0: one request per contiguous run of a tile. N > 0: one request per row of the
  /// tensor's innermost dimension, cut into pieces of at most N bytes (Gemmini's DMA moves
  /// a tile row by row, each mvin/mvout row its own memory request).
  std::uint32_t row_bytes = 0;
  /// Memory requests that make up one DMA command (Gemmini: an mvin moves DIM rows, one
  /// request each); with commands_in_flight, the unit the DMA tracks. 0: no grouping.
  int command_requests = 0;
  /// DMA commands in flight at once (Gemmini's DMACommandTracker: max_in_flight_mem_reqs /
  /// DIM + 1): a command's first request waits until the command this many before it has
  /// completed every request. 0: no limit beyond `outstanding`.
  int commands_in_flight = 0;
  /// Address translation in front of the DMA (Gemmini's private TLB): entries of a fully
  /// associative LRU TLB shared by loads and stores; 0: no translation cost.
  int tlb_entries = 0;
  /// Cycles a TLB miss stalls the DMA's request stream (the page-table walk); requests
  /// issue in order, so the requests behind it wait too.
  int tlb_miss_cycles = 0;
  std::uint32_t page_bytes = 4096;  ///< translation granule (a power of two)
};

struct ControllerConfig {
  int issue_cycles = 0;  ///< cycles to issue one command (host or instruction fetch cost)
  /// Cycles to issue one command of a matrix multiply (matmul, fully connected): a host
  /// whose software runs them through a different loop than convolutions (Gemmini's
  /// tiled_matmul vs tiled_conv). Defaults to issue_cycles.
  int matmul_issue_cycles = 0;
  /// Cycles the host spends once per DRAM-level tile, before the tile's first command: the
  /// software loop that computes a tile's addresses and hands the accelerator the whole
  /// tile in one call (Gemmini's sp_tiled_conv issuing one LOOP_CONV_WS), on top of
  /// issue_cycles per command. 0: none.
  int tile_issue_cycles = 0;
  /// The same for a matrix multiply's tiles (Gemmini's tiled_matmul_outer calling
  /// sp_tiled_matmul_ws). Defaults to tile_issue_cycles.
  int matmul_tile_issue_cycles = 0;
  /// True: every DRAM-level iteration moves its input and weight tiles in again, even when
  /// the tile is the one already on chip (software that hands the accelerator one whole
  /// tile per call, like Gemmini's tiled_conv / tiled_matmul). False: an unchanged tile
  /// stays where it is (a compiler that tracks what is resident).
  bool reload_unchanged_tiles = false;
};

/// The vector unit that runs the non-GEMM ops (docs/models/vector_unit.md).
struct VectorUnitConfig {
  int lanes = 16;                    ///< elements processed per cycle on the cheapest op
  int pipeline_latency_cycles = 4;   ///< cycles from a tile's first read to its first result
  /// Cycles one lane spends per element of a transcendental step (exp in softmax, GELU,
  /// sigmoid); the other steps take one cycle per element per lane.
  int transcendental_cycles = 4;
};

struct MemoryConfig {
  MemoryModel model = MemoryModel::kFixed;
  double bandwidth_bytes_per_cycle = 16.0;  ///< in accelerator clock cycles
  int latency_cycles = 100;
  /// The memory.dram section when written (required by model dram; kept, validated and
  /// dumped with the other models too, so --ideal-memory works on a DRAM preset).
  std::optional<DramConfig> dram;
  /// The last-level cache between the DMA and this memory (memory.llc); absent: none.
  /// Ignored by the ideal model, whose transfers take no time anyway.
  std::optional<LlcConfig> llc;
  /// An on-chip cache in front of the LLC (or of the memory without one), e.g. the SoC's
  /// L2 that a host-attached accelerator's DMA reads through (memory.l2, same keys as
  /// memory.llc); absent: none. Ignored by the ideal model.
  std::optional<LlcConfig> l2;
};

/// The validated architecture: the only thing a model ever sees (by const reference).
/// Sizes are in bytes, times in accelerator clock cycles.
struct ArchConfig {
  std::string name;
  std::string description;
  double clock_mhz = 1000.0;
  /// Technology table (a file stem in yaml/tech/, e.g. "45nm") that models/ppa prices
  /// energy and area with.
  std::string tech = "45nm";
  PeArrayConfig pe_array;
  std::vector<BufferConfig> buffers;  ///< outermost first; each tensor in exactly one
  DmaConfig dma;
  ControllerConfig controller;
  VectorUnitConfig vector_unit;
  MemoryConfig memory;
  /// The network-on-chip and the core count (noc:); absent: one core wired straight to
  /// the memory, as before the NoC existed.
  std::optional<NocConfig> noc;

  int cores() const { return noc ? noc->cores : 1; }
  double cycle_ns() const { return 1000.0 / clock_mhz; }
  /// The buffer that holds a tensor on chip (validate() guarantees exactly one).
  const BufferConfig& buffer_for(TensorKind kind) const;
  int buffer_index(const std::string& name) const;  ///< -1 when absent
  /// Mapping levels, outermost first: "DRAM", each buffer's name, "Registers".
  std::vector<std::string> storage_levels() const;
};

/// Reads an arch YAML file, applies "--set key=value" overrides (dotted paths; list
/// items by index, e.g. buffers.0.size=512KiB), validates, and converts units once.
/// Throws ConfigError naming file, line, column, key path, expected and found.
ArchConfig load_arch_config(const std::string& path, const std::vector<std::string>& overrides = {});

/// Parses arch YAML text (file names the origin for error messages).
ArchConfig parse_arch_config(const std::string& yaml_text, const std::string& file,
                             const std::vector<std::string>& overrides = {});

/// The effective configuration as YAML that load_arch_config() reads back to an equal config.
std::string dump_arch_config(const ArchConfig& config);

bool operator==(const ArchConfig& a, const ArchConfig& b);

/// The technology used when an arch names none.
inline constexpr const char* kDefaultTech = "45nm";
/// Where the technology tables live (yaml/tech/ of the source tree).
std::string technology_directory();
/// The valid `tech` names: the stems of the YAML files in technology_directory(), sorted.
std::vector<std::string> technology_names();
inline bool operator!=(const ArchConfig& a, const ArchConfig& b) { return !(a == b); }

}  // namespace sextant
