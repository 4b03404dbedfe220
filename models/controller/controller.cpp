// SPDX-License-Identifier: Apache-2.0
#include "models/controller/controller.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "tlm/core/result.h"

namespace sextant {
namespace {

constexpr std::uint32_t kNoCommand = UINT32_MAX;

}  // namespace

Controller::Controller(sc_core::sc_module_name name, const ControllerConfig& config, double cycle_ns,
                       Dma& dma, PeArray& pe_array, VectorUnit& vector_unit)
    : sc_core::sc_module(name),
      m_config(config),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_dma(dma),
      m_pe_array(pe_array),
      m_vector_unit(vector_unit) {
  SC_THREAD(issue_thread);
  SC_THREAD(load_thread);
  SC_THREAD(compute_thread);
  SC_THREAD(store_thread);
  SC_THREAD(vector_thread);
}

void Controller::run(const Program& program) {
  m_program = &program;
  m_done.assign(program.commands.size(), false);
  m_done_at.assign(program.commands.size(), sc_core::SC_ZERO_TIME);
  m_noc_share.assign(program.commands.size(), 0.0);
  m_last_transfer_noc_share = 0.0;
  m_remaining = static_cast<std::uint32_t>(program.commands.size());
  m_array_idle_since = sc_core::sc_time_stamp();
  m_commands += program.commands.size();
  if (m_remaining == 0) return;
  m_start_event.notify(sc_core::SC_ZERO_TIME);
  sc_core::wait(m_program_event);
  // Whatever follows the last tile (the final stores) is the array waiting on memory; a
  // program that never uses the array (a vector op) does not stall it.
  const bool uses_array = std::any_of(program.commands.begin(), program.commands.end(),
                                      [](const Command& command) { return command.kind == CommandKind::kCompute; });
  if (uses_array) add_transfer_stall(m_last_transfer_noc_share, sc_core::sc_time_stamp() - m_array_idle_since);
  m_program = nullptr;
}

void Controller::issue_thread() {
  while (true) {
    sc_core::wait(m_start_event);
    const int issue_cycles = command_issue_cycles(m_program->op_kind, m_config);
    const int per_tile_cycles = tile_issue_cycles(m_program->op_kind, m_config);
    for (const Command& command : m_program->commands) {
      const int cycles = issue_cycles + (command.starts_tile ? per_tile_cycles : 0);
      if (cycles > 0) sc_core::wait(static_cast<double>(cycles) * m_cycle);
      switch (command.kind) {
        case CommandKind::kLoad:
          m_queue[kLoadUnit].push_back(command.id);
          m_queue_event[kLoadUnit].notify(sc_core::SC_ZERO_TIME);
          break;
        case CommandKind::kCompute:
          m_queue[kComputeUnit].push_back(command.id);
          m_queue_event[kComputeUnit].notify(sc_core::SC_ZERO_TIME);
          break;
        case CommandKind::kStore:
          m_queue[kStoreUnit].push_back(command.id);
          m_queue_event[kStoreUnit].notify(sc_core::SC_ZERO_TIME);
          break;
        case CommandKind::kVector:
          m_queue[kVectorUnit].push_back(command.id);
          m_queue_event[kVectorUnit].notify(sc_core::SC_ZERO_TIME);
          break;
        case CommandKind::kBarrier:
          // Issue stops until everything the barrier names is done.
          wait_for_dependencies(command);
          finish(command.id);
          break;
      }
    }
  }
}

std::uint32_t Controller::wait_for_dependencies(const Command& command) {
  std::uint32_t last = kNoCommand;
  for (std::uint32_t dep : command.deps) {
    while (!m_done[dep]) sc_core::wait(m_done_event);
    if (last == kNoCommand || m_done_at[dep] >= m_done_at[last]) last = dep;
  }
  return last;
}

void Controller::wait_for_drain(const Command& store) {
  const std::uint64_t drain = m_pe_array.drain_cycles();
  if (drain == 0) return;
  sc_core::sc_time ready = sc_core::SC_ZERO_TIME;
  for (std::uint32_t dep : store.deps) {
    if (m_program->commands[dep].kind == CommandKind::kCompute) {
      ready = std::max(ready, m_done_at[dep] + static_cast<double>(drain) * m_cycle);
    }
  }
  if (ready > sc_core::sc_time_stamp()) sc_core::wait(ready - sc_core::sc_time_stamp());
}

void Controller::finish(std::uint32_t id) {
  m_done[id] = true;
  m_done_at[id] = sc_core::sc_time_stamp();
  m_done_event.notify(sc_core::SC_ZERO_TIME);
  if (--m_remaining == 0) m_program_event.notify(sc_core::SC_ZERO_TIME);
}

void Controller::add_stall(const char* cause, sc_core::sc_time duration) {
  const auto cycles = static_cast<std::uint64_t>(std::llround(duration / m_cycle));
  if (std::strcmp(cause, stall::kIssue) == 0) {
    m_stall_issue += cycles;
  } else if (std::strcmp(cause, stall::kDramBandwidth) == 0) {
    m_stall_memory += cycles;
  } else if (std::strcmp(cause, stall::kBankConflict) == 0) {
    m_stall_bank += cycles;
  } else {
    m_stall_dependency += cycles;
  }
}

void Controller::add_transfer_stall(double noc_share, sc_core::sc_time duration) {
  const auto cycles = static_cast<std::uint64_t>(std::llround(duration / m_cycle));
  const auto noc = static_cast<std::uint64_t>(std::llround(static_cast<double>(cycles) * noc_share));
  m_stall_noc += noc;
  m_stall_memory += cycles - noc;
}

void Controller::unit_loop(Unit unit) {
  while (true) {
    while (m_queue[unit].empty()) sc_core::wait(m_queue_event[unit]);
    const sc_core::sc_time queued_at = sc_core::sc_time_stamp();
    const std::uint32_t id = m_queue[unit].front();
    m_queue[unit].pop_front();
    const Command& command = m_program->commands[id];
    if (unit == kComputeUnit) {
      // The array sat idle from its last tile until the command arrived: issue-bound.
      add_stall(stall::kIssue, queued_at - m_array_idle_since);
      const std::uint32_t last = wait_for_dependencies(command);
      const sc_core::sc_time waited = sc_core::sc_time_stamp() - queued_at;
      const bool on_transfer = last != kNoCommand && m_program->commands[last].kind != CommandKind::kCompute;
      if (on_transfer) {
        add_transfer_stall(m_noc_share[last], waited);
      } else {
        add_stall(stall::kDependency, waited);
      }
      const std::uint64_t lost = m_pe_array.execute(command.compute);
      m_stall_bank += lost;
      m_array_idle_since = sc_core::sc_time_stamp();
    } else if (unit == kVectorUnit) {
      wait_for_dependencies(command);
      m_vector_unit.execute(command.vector);
    } else {
      wait_for_dependencies(command);
      if (command.kind == CommandKind::kStore) wait_for_drain(command);
      m_noc_share[id] = m_dma.execute(command);
      m_last_transfer_noc_share = m_noc_share[id];
    }
    finish(id);
  }
}

std::uint64_t Controller::stall_cycles(const char* cause) const {
  if (std::strcmp(cause, stall::kIssue) == 0) return m_stall_issue;
  if (std::strcmp(cause, stall::kDramBandwidth) == 0) return m_stall_memory;
  if (std::strcmp(cause, stall::kBankConflict) == 0) return m_stall_bank;
  if (std::strcmp(cause, stall::kDependency) == 0) return m_stall_dependency;
  if (std::strcmp(cause, stall::kNoc) == 0) return m_stall_noc;
  return 0;
}

void Controller::collect_stats(StatsGroup& group) const {
  group.add("commands", "count", "commands executed", static_cast<double>(m_commands));
  group.add("stall_issue_cycles", "cycles", "PE array idle waiting for a command to be issued",
            static_cast<double>(m_stall_issue));
  group.add("stall_dram_bandwidth_cycles", "cycles", "PE array idle waiting for transfers",
            static_cast<double>(m_stall_memory));
  group.add("stall_bank_conflict_cycles", "cycles", "PE array slowed by buffer banks or ports",
            static_cast<double>(m_stall_bank));
  group.add("stall_dependency_cycles", "cycles", "PE array idle for other dependencies",
            static_cast<double>(m_stall_dependency));
  group.add("stall_noc_cycles", "cycles", "PE array idle waiting for transfers while they crossed the NoC",
            static_cast<double>(m_stall_noc));
}

void Controller::reset_stats() {
  m_commands = m_stall_issue = m_stall_memory = m_stall_dependency = m_stall_bank = m_stall_noc = 0;
}

}  // namespace sextant
