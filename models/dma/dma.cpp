// SPDX-License-Identifier: Apache-2.0
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn: one process per request in flight
#include "models/dma/dma.h"

#include <algorithm>

#include "models/noc/noc_time_extension.h"
#include "tlm/sc/checked_transport.h"

namespace sextant {

std::uint64_t box_relative_offset(const TensorBox& box, std::uint64_t tensor_offset) {
  std::uint64_t element = tensor_offset / static_cast<std::uint64_t>(box.element_bytes);
  std::array<std::int64_t, 5> coordinate{};
  for (int i = box.rank - 1; i >= 0; --i) {
    const auto shape = static_cast<std::uint64_t>(box.shape[static_cast<std::size_t>(i)]);
    coordinate[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(element % shape);
    element /= shape;
  }
  std::int64_t packed = 0;
  for (int i = 0; i < box.rank; ++i) {
    const auto d = static_cast<std::size_t>(i);
    packed = packed * box.extent[d] + (coordinate[d] - box.offset[d]);
  }
  return static_cast<std::uint64_t>(packed) * static_cast<std::uint64_t>(box.element_bytes);
}

Dma::Dma(sc_core::sc_module_name name, const DmaConfig& config, double cycle_ns, bool ideal,
         bool functional, bool blocking_memory)
    : sc_core::sc_module(name),
      mem("mem"),
      buffers("buffers"),
      m_config(config),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_ideal(ideal),
      m_functional(functional),
      m_tlb(config.tlb_entries, config.page_bytes) {
  // The NoC, when there is one, says how long each request spent in the network; the
  // payload owns its extension and frees it.
  m_payload.set_extension(new NocTimeExtension);
  if (!blocking_memory || ideal) return;
  for (int channel = 0; channel < 2; ++channel) {
    for (int i = 0; i < config.outstanding; ++i) {
      m_slots[channel].push_back(std::make_unique<Slot>());
      Slot* slot = m_slots[channel].back().get();
      slot->channel = channel;
      slot->index = i;
      slot->payload.set_extension(new NocTimeExtension);
      sc_core::sc_spawn([this, slot] { slot_process(*slot); }, sc_core::sc_gen_unique_name("slot"));
    }
  }
}

void Dma::slot_process(Slot& slot) {
  const int channel = slot.channel;
  SlotJob& job = m_jobs[channel];
  while (true) {
    sc_core::wait(slot.start);
    bool carry_on = true;
    while (carry_on) {
      sc_core::sc_time completion;
      transfer_run(*slot.transfer, slot.load, slot.run, slot.buffer_offset, slot.issue, completion, slot.payload,
                   slot.staging);
      slot.completion = std::max(completion, slot.data_path_free);
      if (!m_command_pending[channel].empty()) {
        --m_command_pending[channel][slot.command];
        m_command_done[channel][slot.command] = std::max(m_command_done[channel][slot.command], slot.completion);
      }
      slot.busy = false;
      carry_on = false;
      // Does this completion wake the channel's thread (it waits for this slot, or for any
      // completion while the command window is full)?
      if (job.awaited != slot.index && job.awaited != kAwaitCommand) continue;
      const std::vector<std::unique_ptr<Slot>>& slots = m_slots[channel];
      if (job.next < job.runs->size() && slots[job.next % slots.size()].get() == &slot &&
          !sc_core::sc_pending_activity_at_current_time()) {
        // Woken, the thread would run next and alone (nothing else is runnable at this
        // time), hand out runs and start their slots, this one first (the next run is
        // its). Doing its work here keeps the order of every action and saves two process
        // switches per run.
        carry_on = dispatch(channel, &slot);
      } else {
        job.wake.notify();
      }
    }
  }
}

bool Dma::dispatch(int channel, Slot* self) {
  SlotJob& job = m_jobs[channel];
  std::vector<std::unique_ptr<Slot>>& slots = m_slots[channel];
  const std::vector<int>& pending = m_command_pending[channel];
  const std::vector<ByteRun>& runs = *job.runs;
  bool self_assigned = false;
  while (job.next < runs.size()) {
    const std::size_t i = job.next;
    // Run i waits for run i - outstanding (the slot's previous request) to complete.
    Slot& slot = *slots[i % slots.size()];
    if (slot.busy) {
      job.awaited = slot.index;
      return self_assigned;
    }
    sc_core::sc_time command_free = job.start;
    std::size_t waited = 0;
    if (waits_for_command(channel, i, waited)) {
      if (pending[waited] > 0) {
        job.awaited = kAwaitCommand;
        return self_assigned;
      }
      command_free = m_command_done[channel][waited];
    }
    const std::uint64_t cycles = (runs[i].bytes + m_config.bytes_per_cycle - 1) / m_config.bytes_per_cycle;
    slot.issue = std::max({job.bus_free, slot.completion, command_free, sc_core::sc_time_stamp()});
    // A miss holds this request, and (in order) every request behind it, for the walk.
    slot.issue += translation_stall(job.transfer->dram_base + runs[i].tensor_offset);
    job.bus_free = slot.issue + static_cast<double>(cycles) * m_cycle;
    job.bus_cycles += cycles;
    slot.data_path_free = job.bus_free;
    slot.transfer = job.transfer;
    slot.load = job.load;
    slot.run = runs[i];
    slot.buffer_offset = box_relative_offset(job.transfer->box, runs[i].tensor_offset);
    slot.command = pending.empty() ? 0 : command_of(channel, i);
    slot.busy = true;
    ++job.next;
    if (&slot == self) {
      self_assigned = true;
    } else {
      slot.start.notify();
    }
  }
  job.awaited = first_busy_slot(channel);
  return self_assigned;
}

int Dma::first_busy_slot(int channel) const {
  for (const auto& slot : m_slots[channel]) {
    if (slot->busy) return slot->index;
  }
  return kAwaitNothing;
}

sc_core::sc_time Dma::translation_stall(std::uint64_t memory_address) {
  if (m_ideal || !m_tlb.miss(memory_address)) return sc_core::SC_ZERO_TIME;
  return static_cast<double>(m_config.tlb_miss_cycles) * m_cycle;
}

bool Dma::waits_for_command(int channel, std::size_t index, std::size_t& command) const {
  if (!commands_limited()) return false;
  const auto window = static_cast<std::size_t>(m_config.commands_in_flight);
  const std::size_t own = command_of(channel, index);
  // Only a command's first request waits: the tracker admits whole commands.
  if ((index > 0 && command_of(channel, index - 1) == own) || own < window) return false;
  command = own - window;
  return true;
}

std::size_t Dma::group_commands(int channel, const Transfer& transfer, std::vector<ByteRun>& runs) {
  if (!commands_limited()) {
    m_run_command[channel].clear();
    return 0;
  }
  return group_into_commands(transfer.box, m_config.row_bytes, static_cast<std::uint32_t>(m_config.command_requests),
                             runs, m_run_command[channel]);
}

sc_core::sc_time Dma::execute_on_slots(const Transfer& transfer, bool load, const std::vector<ByteRun>& runs,
                                       std::size_t commands, std::uint64_t& bus_cycles) {
  const int channel = load ? 0 : 1;
  std::vector<std::unique_ptr<Slot>>& slots = m_slots[channel];
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  for (auto& slot : slots) slot->completion = start;
  std::vector<int>& pending = m_command_pending[channel];
  std::vector<sc_core::sc_time>& command_done = m_command_done[channel];
  pending.clear();
  command_done.clear();
  if (commands_limited()) {
    command_done.assign(commands, start);
    pending.assign(commands, 0);
    for (std::size_t i = 0; i < runs.size(); ++i) ++pending[command_of(channel, i)];
  }
  SlotJob& job = m_jobs[channel];
  job.transfer = &transfer;
  job.load = load;
  job.runs = &runs;
  job.next = 0;
  job.start = start;
  job.bus_free = start;
  job.bus_cycles = 0;
  // This thread hands out runs whenever what stopped it (job.awaited) has happened; a slot
  // that completes while nothing else is runnable does it in its place (slot_process).
  dispatch(channel, nullptr);
  while (job.awaited != kAwaitNothing) {
    sc_core::wait(job.wake);
    if (job.next < runs.size()) {
      dispatch(channel, nullptr);
    } else {
      job.awaited = first_busy_slot(channel);
    }
  }
  sc_core::sc_time done = job.bus_free;
  for (auto& slot : slots) done = std::max(done, slot->completion);
  bus_cycles += job.bus_cycles;
  pending.clear();
  return done;
}

void Dma::zero_fill(const Transfer& transfer) {
  m_staging.assign(transfer.box.bytes(), 0);
  m_payload.set_command(tlm::TLM_WRITE_COMMAND);
  m_payload.set_address(transfer.buffer_address);
  m_payload.set_data_ptr(m_staging.data());
  m_payload.set_data_length(static_cast<unsigned>(m_staging.size()));
  m_payload.set_streaming_width(static_cast<unsigned>(m_staging.size()));
  checked_transport_dbg(*buffers[transfer.buffer], name(), m_payload);
}

void Dma::transfer_run(const Transfer& transfer, bool load, const ByteRun& run,
                       std::uint64_t buffer_offset, sc_core::sc_time issue,
                       sc_core::sc_time& completion, tlm::tlm_generic_payload& payload,
                       std::vector<std::uint8_t>& staging) {
  // Synchronize before touching shared memory: arrival order must be simulated-time order.
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (issue > now) sc_core::wait(issue - now);
  if (m_functional && staging.size() < run.bytes) staging.resize(run.bytes);
  unsigned char* data = m_functional ? staging.data() : nullptr;
  const auto length = static_cast<unsigned>(run.bytes);
  payload.set_data_ptr(data);
  payload.set_data_length(length);
  payload.set_streaming_width(length);
  payload.set_byte_enable_ptr(nullptr);

  NocTimeExtension* network = payload.get_extension<NocTimeExtension>();
  network->network = sc_core::SC_ZERO_TIME;
  const std::uint64_t memory_address = transfer.dram_base + run.tensor_offset;
  const std::uint64_t buffer_address = transfer.buffer_address + buffer_offset;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  if (load) {
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_address(memory_address);
    checked_b_transport(*mem.operator->(), name(), payload, delay);
    payload.set_command(tlm::TLM_WRITE_COMMAND);
    payload.set_address(buffer_address);
    checked_b_transport(*buffers[transfer.buffer], name(), payload, delay);
  } else {
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_address(buffer_address);
    checked_b_transport(*buffers[transfer.buffer], name(), payload, delay);
    payload.set_command(tlm::TLM_WRITE_COMMAND);
    payload.set_address(memory_address);
    checked_b_transport(*mem.operator->(), name(), payload, delay);
  }
  completion = sc_core::sc_time_stamp() + delay;
  const int channel = load ? 0 : 1;
  m_network_time[channel] += network->network;
  m_request_time[channel] += completion - issue;
  ++m_requests;
}

double Dma::execute(const Command& command) {
  const bool load = command.kind == CommandKind::kLoad;
  const int channel = load ? 0 : 1;
  m_network_time[channel] = m_request_time[channel] = sc_core::SC_ZERO_TIME;
  const Transfer& transfer = command.transfer;
  if (load && m_functional) zero_fill(transfer);

  // Per command, not per member: the other channel runs while this one waits.
  std::vector<ByteRun> runs;
  for_each_run(transfer.box, runs);
  split_into_rows(transfer.box, m_config.row_bytes, runs);
  const std::size_t commands = group_commands(channel, transfer, runs);
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  sc_core::sc_time bus_free = start;
  sc_core::sc_time done = start;
  // Completion time of the request occupying each slot of the outstanding window.
  std::vector<sc_core::sc_time> window(static_cast<std::size_t>(m_config.outstanding), start);
  std::uint64_t bus_cycles = 0;
  if (!m_slots[0].empty()) {
    done = execute_on_slots(transfer, load, runs, commands, bus_cycles);
    runs.clear();
  }
  // dma.commands_in_flight on the non-blocking path: each command's completion time.
  std::vector<sc_core::sc_time> command_done;
  if (commands_limited()) command_done.assign(commands, start);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const ByteRun& run = runs[i];
    sc_core::sc_time& slot = window[i % window.size()];
    std::size_t waited = 0;
    const sc_core::sc_time command_free = waits_for_command(channel, i, waited) ? command_done[waited] : start;
    const sc_core::sc_time issue = m_ideal ? start
                                           : std::max({bus_free, slot, command_free}) +
                                                 translation_stall(transfer.dram_base + run.tensor_offset);
    const std::uint64_t cycles = m_ideal ? 0 : (run.bytes + m_config.bytes_per_cycle - 1) / m_config.bytes_per_cycle;
    bus_free = issue + static_cast<double>(cycles) * m_cycle;
    bus_cycles += cycles;
    sc_core::sc_time completion;
    transfer_run(transfer, load, run, box_relative_offset(transfer.box, run.tensor_offset), issue, completion,
                 m_payload, m_staging);
    completion = std::max(completion, bus_free);
    slot = completion;
    done = std::max(done, completion);
    if (!command_done.empty()) {
      sc_core::sc_time& own = command_done[command_of(channel, i)];
      own = std::max(own, completion);
    }
  }
  if (done > sc_core::sc_time_stamp()) sc_core::wait(done - sc_core::sc_time_stamp());
  m_busy_cycles += bus_cycles;
  if (m_trace != nullptr) {
    m_trace->span(load ? m_load_track : m_store_track, tensor_kind_name(transfer.tensor), start,
                  sc_core::sc_time_stamp(), static_cast<double>(bus_cycles));
  }
  if (load) {
    ++m_loads;
    m_bytes_loaded += transfer.box.valid_bytes();
  } else {
    ++m_stores;
    m_bytes_stored += transfer.box.valid_bytes();
  }
  const sc_core::sc_time requests = m_request_time[load ? 0 : 1];
  return requests > sc_core::SC_ZERO_TIME ? m_network_time[load ? 0 : 1] / requests : 0.0;
}

void Dma::set_trace(TraceRecorder* trace) {
  m_trace = trace;
  if (trace == nullptr) return;
  m_load_track = trace->track(std::string(name()) + ".load");
  m_store_track = trace->track(std::string(name()) + ".store");
}

void Dma::collect_stats(StatsGroup& group) const {
  group.add("loads", "count", "LOAD commands executed", static_cast<double>(m_loads));
  group.add("stores", "count", "STORE commands executed", static_cast<double>(m_stores));
  group.add("requests", "count", "memory transactions (tile rows) issued", static_cast<double>(m_requests));
  group.add("bytes_loaded", "bytes", "bytes moved from memory to buffers", static_cast<double>(m_bytes_loaded));
  group.add("bytes_stored", "bytes", "bytes moved from buffers to memory", static_cast<double>(m_bytes_stored));
  group.add("busy_cycles", "cycles", "cycles the DMA data path was moving bytes", static_cast<double>(m_busy_cycles));
  if (m_config.tlb_entries > 0) {
    group.add("tlb_lookups", "count", "address translations (one per request)", static_cast<double>(m_tlb.lookups()));
    group.add("tlb_misses", "count", "translations that missed the TLB and walked", static_cast<double>(m_tlb.misses()));
  }
}

void Dma::reset_stats() {
  m_loads = m_stores = m_requests = m_bytes_loaded = m_bytes_stored = m_busy_cycles = 0;
  m_tlb.reset_stats();
}

}  // namespace sextant
