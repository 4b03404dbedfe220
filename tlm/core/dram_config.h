// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tlm/core/yaml_access.h"

namespace sextant {

/// The DRAM standards that presets may name (`standard:`).
enum class DramStandard { kDdr3, kDdr4, kLpddr4, kHbm2 };
/// Open page: a row stays open until a conflict or a refresh closes it. Closed page: every
/// column command auto-precharges (RDA/WRA).
enum class PagePolicy { kOpen, kClosed };
/// FR-FCFS: ready row hits first, then the oldest request. FCFS: strictly the oldest.
enum class DramSchedulerKind { kFrFcfs, kFcfs };
/// Address fields of an address mapping string such as "RoRaBaCoBgCh" (most significant first).
enum class DramField { kRow, kRank, kBankGroup, kBank, kColumn, kChannel };

const char* dram_standard_name(DramStandard standard);  // "DDR3", "DDR4", "LPDDR4", "HBM2"
const char* page_policy_name(PagePolicy policy);        // "open", "closed"
const char* dram_scheduler_name(DramSchedulerKind kind);  // "frfcfs", "fcfs"

/// The fields of a mapping string, most significant first; nullopt unless each of Ro, Ra,
/// Bg, Ba, Co, Ch appears exactly once and nothing else does.
std::optional<std::vector<DramField>> parse_address_mapping(const std::string& text);

/// A validated DRAM: organisation, JEDEC timing and controller. Every timing value is in
/// cycles of the DRAM clock tCK (the command clock; data moves on both edges).
struct DramConfig {
  std::string preset;  ///< preset name or file it was built from ("" when none)
  DramStandard standard = DramStandard::kDdr4;
  double tck_ns = 0.833;  ///< DRAM clock period, ns

  // Organisation.
  int channels = 1;         ///< independent channels (own command and data bus each)
  int ranks = 1;            ///< ranks per channel
  int bank_groups = 1;      ///< bank groups per rank (1 for standards without them)
  int banks_per_group = 8;  ///< banks per bank group
  int rows = 65536;         ///< rows per bank
  int columns = 1024;       ///< columns per row (one column = bus width)
  int burst_length = 8;     ///< beats per burst (data moves 2 beats per tCK)
  int bus_width_bits = 64;  ///< data bus width of one channel

  // Timing, tCK cycles.
  int cl = 17, cwl = 12, trcd = 17, trp = 17, tras = 39, trc = 56;
  int tccd_s = 4, tccd_l = 6, trrd_s = 4, trrd_l = 6, tfaw = 26;
  int twr = 18, twtr = 9, trtp = 9, trefi = 9363, trfc = 420, trtw = 8;

  // Controller.
  PagePolicy page_policy = PagePolicy::kOpen;
  DramSchedulerKind scheduler = DramSchedulerKind::kFrFcfs;
  std::string address_mapping = "RoRaBaCoBgCh";
  int read_queue = 32;             ///< read bursts the scheduler sees at once, per channel
  int write_queue = 32;            ///< write bursts the scheduler sees at once, per channel
  int write_high_watermark = 24;   ///< start draining writes at this many queued writes
  int write_low_watermark = 8;     ///< stop draining at this many
  int frontend_cycles = 2;         ///< tCK from arrival to the queue (controller overhead)
  bool refresh = true;             ///< periodic all-bank refresh every tREFI

  // Power (optional, all or none): one device's datasheet currents, for the energy per
  // command of models/ppa (Micron TN-41-01 method, docs/ppa.md).
  double vdd_v = 0.0;       ///< core supply, V
  double idd0_ma = 0.0;     ///< one-bank ACT-PRE current at tRC, mA
  double idd2n_ma = 0.0;    ///< precharge standby, mA
  double idd3n_ma = 0.0;    ///< active standby, mA
  double idd4r_ma = 0.0;    ///< burst read, mA
  double idd4w_ma = 0.0;    ///< burst write, mA
  double idd5b_ma = 0.0;    ///< burst refresh (all banks, at tRFC), mA
  int devices_per_rank = 0; ///< devices whose currents add up per rank and channel; 0: no power data

  bool has_power() const { return devices_per_rank > 0; }
  int banks_per_rank() const { return bank_groups * banks_per_group; }
  int burst_cycles() const { return burst_length / 2; }  ///< tCK a burst occupies the data bus
  std::uint32_t burst_bytes() const {
    return static_cast<std::uint32_t>(burst_length * bus_width_bits / 8);
  }
  /// Theoretical peak over all channels, GB/s (10^9 bytes per second).
  double peak_gb_per_s() const { return channels * (bus_width_bits / 8.0) * 2.0 / tck_ns; }
};

bool operator==(const DramConfig& a, const DramConfig& b);
inline bool operator!=(const DramConfig& a, const DramConfig& b) { return !(a == b); }

/// Where preset names are looked up: `<dir of the referring file>/../dram/NAME.yaml`,
/// then the source tree's yaml/dram/. A value with '/' or ending ".yaml" is a path.
std::string resolve_dram_preset(const std::string& name_or_path, const std::string& referring_file);

/// Reads a DRAM map: `preset:` (a name of yaml/dram/ or a path) and any key of the preset
/// files, each overriding the preset's value. Unknown keys, bad values and impossible
/// timing (tRAS > tRC, tRC < tRAS + tRP, zero banks...) are ConfigErrors naming the file,
/// line, column and key where the offending value was written.
DramConfig read_dram_config(YamlMap& map);

/// Loads a preset by name or path (what `sextant-dram-bench --preset` takes).
DramConfig load_dram_preset(const std::string& name_or_path);

/// Writes every key of config into an open YAML map (dump round trip).
void emit_dram_config(YAML::Emitter& out, const DramConfig& config);

}  // namespace sextant
