// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/dma/dma_tlb.h"
#include "tlm/core/arch_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"
#include "workloads/program.h"

namespace sextant {

/// Moves tensor boxes between off-chip memory and the on-chip buffers. Each contiguous
/// run of a box (a tile row) is one memory transaction; up to `outstanding` are in
/// flight, and the DMA's own data path moves bytes_per_cycle. Loads and stores run on
/// separate channels (the controller calls execute() from two threads); every channel
/// synchronizes to its true time before it reaches memory, so contention is ordered by
/// simulated time, never by the quantum. Padding elements of a box are written as zeros
/// and never cross the memory bus.
class Dma : public sc_core::sc_module, public StatsProvider {
 public:
  tlm_utils::simple_initiator_socket<Dma> mem;
  tlm_utils::multi_passthrough_initiator_socket<Dma> buffers;  ///< bound in ArchConfig::buffers order

  /// ideal=true: transfers take no time (ideal-memory mode). blocking_memory=true: the
  /// memory's b_transport waits until the request completes (the DRAM model), so each of
  /// the `outstanding` requests in flight is carried by its own process.
  Dma(sc_core::sc_module_name name, const DmaConfig& config, double cycle_ns, bool ideal,
      bool functional, bool blocking_memory = false);

  /// Runs one kLoad or kStore command to completion (blocking; waits simulated time).
  /// Returns the share (0..1) of its requests' time spent in the NoC (0 without one).
  double execute(const Command& command);

  /// Records every LOAD and STORE on the tracks "<name>.load" and "<name>.store".
  void set_trace(TraceRecorder* trace);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t busy_cycles() const { return m_busy_cycles; }

 private:
  /// One request in flight on a blocking memory: the process that carries it and its own
  /// payload and staging bytes.
  struct Slot {
    sc_core::sc_event start;
    int channel = 0;  ///< 0 loads, 1 stores
    int index = 0;    ///< in m_slots[channel]
    bool busy = false;
    const Transfer* transfer = nullptr;
    bool load = true;
    ByteRun run;
    std::uint64_t buffer_offset = 0;
    sc_core::sc_time issue;
    sc_core::sc_time data_path_free;  ///< when the DMA's data path has moved this run
    sc_core::sc_time completion;      ///< of its last request
    std::size_t command = 0;          ///< the DMA command (dma.command_requests) the run belongs to
    tlm::tlm_generic_payload payload;
    std::vector<std::uint8_t> staging;
  };
  /// What a channel's thread waits for in execute_on_slots.
  static constexpr int kAwaitNothing = -1;  ///< every run handed out and completed
  static constexpr int kAwaitCommand = -2;  ///< the command window (dma.commands_in_flight)
  /// One channel's transfer on the slots: its runs are handed to the slots strictly in
  /// order, request i to slot i % outstanding once that slot is free.
  struct SlotJob {
    const Transfer* transfer = nullptr;
    bool load = true;
    const std::vector<ByteRun>* runs = nullptr;
    std::size_t next = 0;  ///< the first run not yet handed out
    sc_core::sc_time start;
    sc_core::sc_time bus_free;  ///< when the DMA's data path frees up
    std::uint64_t bus_cycles = 0;
    int awaited = kAwaitNothing;  ///< a slot index, kAwaitCommand or kAwaitNothing
    sc_core::sc_event wake;       ///< what the thread awaits has happened
  };

  void transfer_run(const Transfer& transfer, bool load, const ByteRun& run, std::uint64_t buffer_offset,
                    sc_core::sc_time issue, sc_core::sc_time& completion, tlm::tlm_generic_payload& payload,
                    std::vector<std::uint8_t>& staging);
  void zero_fill(const Transfer& transfer);
  /// execute() on a blocking memory: hands runs to the channel's slots in order.
  sc_core::sc_time execute_on_slots(const Transfer& transfer, bool load, const std::vector<ByteRun>& runs,
                                    std::size_t commands, std::uint64_t& bus_cycles);
  void slot_process(Slot& slot);
  /// Hands the channel's next runs, in order, to free slots (as far as the command window
  /// allows) and records what stops it in SlotJob::awaited. Returns true when `self` got a
  /// run.
  bool dispatch(int channel, Slot* self);
  /// After the last run was handed out: the first busy slot in index order, or none.
  int first_busy_slot(int channel) const;
  /// dma.commands_in_flight: the command whose completion request `index` of the channel's
  /// transfer must wait for before it may issue (true), or none (false).
  bool waits_for_command(int channel, std::size_t index, std::size_t& command) const;
  /// dma.command_requests and dma.commands_in_flight both set: the tracker limits commands.
  bool commands_limited() const { return m_config.command_requests > 0 && m_config.commands_in_flight > 0; }
  /// Groups the channel's runs into commands (group_into_commands: reorders them) and
  /// returns how many there are; none when the tracker does not limit commands.
  std::size_t group_commands(int channel, const Transfer& transfer, std::vector<ByteRun>& runs);
  /// The command run `index` of the channel's current transfer belongs to.
  std::size_t command_of(int channel, std::size_t index) const { return m_run_command[channel][index]; }

  const DmaConfig m_config;
  const sc_core::sc_time m_cycle;
  const bool m_ideal;
  const bool m_functional;
  TraceRecorder* m_trace = nullptr;
  int m_load_track = 0;
  int m_store_track = 0;
  tlm::tlm_generic_payload m_payload;  ///< reused: no allocation per transaction
  std::vector<std::uint8_t> m_staging;
  std::vector<std::unique_ptr<Slot>> m_slots[2];  ///< per channel (0 loads, 1 stores); empty unless blocking
  SlotJob m_jobs[2];                              ///< per channel: the transfer its slots carry
  DmaTlb m_tlb;  ///< dma.tlb_entries: shared by both channels
  /// The stall a request's translation adds before it issues (dma.tlb_miss_cycles on a miss).
  sc_core::sc_time translation_stall(std::uint64_t memory_address);
  /// Per channel, over the current transfer's DMA commands: requests not yet completed and
  /// the completion time of the last one (dma.commands_in_flight).
  std::vector<int> m_command_pending[2];
  std::vector<sc_core::sc_time> m_command_done[2];
  std::vector<std::uint32_t> m_run_command[2];  ///< per channel: each run's command

  /// Per channel, over the current command: time its requests spent in the NoC and in
  /// total (issue to completion), for execute()'s NoC share.
  sc_core::sc_time m_network_time[2];
  sc_core::sc_time m_request_time[2];

  std::uint64_t m_loads = 0;
  std::uint64_t m_stores = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_bytes_loaded = 0;
  std::uint64_t m_bytes_stored = 0;
  std::uint64_t m_busy_cycles = 0;
};

/// Byte offset, inside the densely packed box, of the element at `tensor_offset` bytes
/// from the tensor's start.
std::uint64_t box_relative_offset(const TensorBox& box, std::uint64_t tensor_offset);

}  // namespace sextant
