#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes yaml/arch/gemmini-firesim-like-d{4,8,16,32,64}.yaml: the Gemmini + Rocket SoC that
ran the FireSim measurements of ../shared/data/gemmini-firesim (docs/fidelity.md), one file
per array size D. The files differ only in D and what follows from it; every value's source
is written into each file. Usage: python3 scripts/gen_gemmini_firesim_presets.py
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent

TEMPLATE = """\
# Gemmini-in-FireSim-like SoC, {d}x{d} array (written by scripts/gen_gemmini_firesim_presets.py).
# Imitates the Gemmini + Rocket SoC that ran the DOSA FireSim measurements (Hong et al.,
# MICRO 2023; hardware database entry firesim_rocket_singlecore_..._l2_llc4mb_ddr3, see
# ../shared/data/gemmini-firesim/README.md). Sources of the values:
#   clock_mhz 1000          one SoC clock for core, Gemmini and uncore; cycles_rtl counts SoC
#                           cycles, so only the DRAM's ns->cycle conversion depends on it
#                           (our assumption: FireSim's Gemmini targets run at 1 GHz).
#   pe_array {d} x {d} WS       meshRows x meshColumns = D (tileRows = tileColumns = 1), D =
#                           rtl_pe_dim_inferred of the data set; the harness uses WS.
#   8 / 32 bit, int         inputType = SInt(8.W), accType = SInt(32.W) (Gemmini defaultConfig).
#   output_bits 8           tiled_conv / tiled_matmul mvout the accumulator scaled back to
#                           elem_t (int8) (gemmini.h: acc_scale on mvout, no full-precision C).
#   fold_overlap true       the PEs hold two weight registers: the next preload shifts in
#                           while the current weights compute (Gemmini PE.scala, propagate).
#   compute_command_rows {d}  Gemmini's loop unrollers run a tile as preload / compute command
#   compute_command_        pairs: one per (output-channel block, kernel row, kernel column,
#     min_cycles 4          input-channel block, output row, block of <= DIM output columns);
#                           a compute streams I = min(ocols - ocol, DIM) rows and never
#                           crosses an output row (LoopConv.scala); a matmul's per DIM rows
#                           of A (LoopMatmul.scala). A pair occupies the array max(I, 4)
#                           cycles (ExecuteController spaces accumulator writes 4 apart);
#                           the pair that preloads new weights DIM cycles (the preload
#                           shifts DIM rows in), so the preload is not hidden (fold_overlap
#                           has no effect in this mode).
#   compute_commands_       the mesh holds at most max_simultaneous_matmuls + 1 = 6 preload /
#     in_flight 6           compute commands (MeshWithDelays.scala: a tag queue of 5 * (tile
#                           latency + 1) + 1 entries); a command's tag leaves when the next
#                           command's last row has crossed the array, so short commands on a
#                           large array wait for a tag: (I - 1 + 2D - 1) / 5 cycles each
#                           (D = 64, one output column: 26 cycles, not 4).
#   Scratchpad 4 MiB        the measured design's scratchpad (data set README); 4 banks
#                           (sp_banks = 4), a bank row = D x 8 bit = {d} B, single-ported
#                           (sp_singleported = true).
#   Accumulator 4 MiB       the measured design's accumulator (README); 2 banks (acc_banks =
#                           2), a row = D x 32 bit = {acc_row} B, two ports (acc_singleported =
#                           false).
#   keep_partial_sums true  partial sums never leave the accumulator: tiled_conv / tiled_matmul
#   partial_sums_overflow   (gemmini.h of the harness's fork) pass no output address to a call
#     overwrite             that is not the last of its reduction (`out = NULL` unless the
#                           kernel-row, kernel-column and channel tiles are the last ones) and
#                           never load partial sums back; each call accumulates at its own
#                           accumulator addresses. When the layer's output tiles do not all fit
#                           the 4 MiB accumulator they overwrite each other's partial sums (wrong
#                           outputs, the measured time): about 180 convolutions of the data set
#                           (source row 1212: TLM 2.24 -> 0.91 of the measurement).
#   latency_cycles 2        spad_read_delay / acc_latency = 2 (defaultConfig; our reading).
#   dma 16 B/cycle          dma_buswidth = 128 bit (README: a 128-bit DMA bus).
#   dma burst 64 B          dma_maxbytes = 64: the largest TileLink request of the DMA.
#   dma outstanding 16      max_in_flight_mem_reqs = 16 (defaultConfig).
#   dma row_bytes 64        mvin / mvout move a tile row by row; a row (one pixel's channel
#                           block, one matrix row) is one request of at most dma_maxbytes.
#   dma command_requests {d}  an mvin / mvout command moves at most DIM rows, one TileLink
#                           request each, that differ in one coordinate only: the pixels of one
#                           image row (LoopConvLdInput: per input row, block of DIM pixels and
#                           channel piece), the input channels of one kernel position
#                           (LoopConvLdWeight), the rows of a matrix (LoopMatmul); the DMA
#                           groups a tile's requests so (group_into_commands).
#   dma commands_in_flight {cmds}  Gemmini's DMACommandTracker tracks max_in_flight_mem_reqs /
#                           DIM + 1 mvin commands (LoadController: nCmds); a further mvin
#                           waits until the oldest has returned every row.
#   dma tlb_entries 0       no address translation: the measured runs were bare-metal
#                           programs (gemmini-data-collection writes each test into
#                           bareMetalC/ and collects the "-baremetal" binaries' uart logs),
#                           so they ran in machine mode without virtual memory and Gemmini's
#                           private TLB never walked a page table.
#   issue_cycles 0          the host's cost is per tile, not per command (next two keys).
#   tile_issue_cycles {tile_issue}  CALIBRATED (docs/fidelity.md): the Rocket core's cost per call of
#                           sp_tiled_conv, i.e. per DRAM-level tile: the C code of tiled_conv
#                           computing the tile's addresses and issuing its configuration and
#                           one LOOP_CONV_WS (the loop unroller issues the per-row commands).
#                           Measured floor: the median cycles per call of the convolutions on
#                           arrays of D <= 32 whose array work per call is under 2 cycles (80
#                           rows; quartiles 256 / 284), whatever the number of commands.
#   matmul_tile_issue_cycles {mm_tile_issue}  CALIBRATED (docs/fidelity.md): the same cost per
#                           call of sp_tiled_matmul_ws (tiled_matmul_outer: one LOOP_WS, 6 RoCC
#                           instructions, little address arithmetic): measured tiles of one
#                           DIM x DIM block take 126-129 cycles each at D = 4, 8 and 16 (~60 rows).
#   reload_unchanged_tiles  tiled_conv / tiled_matmul call sp_tiled_conv / sp_tiled_matmul_ws
#     true                  once per DRAM-level tile, and each call's LOOP_CONV_WS / LOOP_WS
#                           moves that tile's inputs and weights in again, even when the
#                           previous tile used the same ones (gemmini-rocc-tests gemmini.h,
#                           the DOSA fork's data-collection harness). On the stratified
#                           300-row subset it moved Sextant TLM from Spearman 0.955 / median
#                           34.5% to 0.965 / 30.4% (docs/fidelity.md).
#   memory L2 + LLC + DDR3  the SoC's own L2 (hwdb name ..._l2_...) in front of FireSim's FASED
#                           memory model: a 4 MiB last-level cache and a DDR3 FR-FCFS
#                           controller (..._llc4mb_ddr3).
#   l2 512 KiB, 8 ways      Chipyard's default InclusiveCache (WithInclusiveCache: 8 ways,
#                           512 KiB, 64 B blocks = CacheBlockBytes); 4 sub-banks.
#   l2 mshrs 10             InclusiveCache sizes its MSHRs for A requests as max(2,
#                           ceil(memCycles / blockBeats)) with outerLatencyCycles = 40 and
#                           blockBeats = 64 B / the 16 B beat of its inner (system-bus) side
#                           (rocket-chip-inclusive-cache Configs.scala: beatBytes =
#                           sbus.beatBytes; Parameters.scala: out_mshrs), plus two kept for
#                           probes and releases.
#   l2 16 B/cycle           the 128-bit system bus of Gemmini SoCs (WithSystemBusWidth(128)).
#   l2 hit {l2_hit} cycles        CALIBRATED (docs/fidelity.md): the round trip of a DMA read that hits the
#                           L2 (Gemmini -> system bus -> InclusiveCache -> back), not public;
#                           chosen on the 50-row sample among 10 / 20 / 30 / 40 / 50 cycles.
#   l2, llc random          both replace a random way: InclusiveCache's Directory picks its
#     replacement           victim with an LFSR ("random replacement", victimLFSR), and so does
#                           FASED's LLC model. Layers slightly larger than a cache keep part of
#                           it instead of missing every line (LRU's worst case): 50-row sample
#                           p90 39.4% -> 36.8%, median 17.5% -> 17.7% (docs/fidelity.md).
#   l2 warm: all            the harness runs the same layer once, untimed (tiled_conv_auto),
#                           right before the timed call, so the inputs and weights were just
#                           touched (gemmini-data-collection templates).
#   llc 4 MiB, {llc_line} B lines     FASED's LLC runtime settings (4096 sets x 8 ways, blockBits 7 =
#                           128 B lines, 8 active MSHRs); warm: all as above (every tensor of
#                           the data set but the largest matmul weights fits it).
#   llc 8 B/cycle,          behind the L2 the SoC's memory bus is 64 bits wide (rocket-chip
#     tag_cycles 2          MemoryBusKey beatBytes = XLen / 8; Gemmini configs widen only the
#                           system bus), and FASED's LLC model handles one request at a time: a
#                           dispatch cycle, a metadata cycle, then the data beats
#                           (LastLevelCache.scala: llc_idle -> llc_r_mdaccess -> llc_r_daccess),
#                           about 9 cycles per 64 B line the L2 asks for: 2 x 9 = 2 + 128 / 8
#                           per 128 B LLC line, about 7.1 B per cycle.
#   llc hit 40 cycles       the latency beyond the L2 that the L2 was designed for: Chipyard's
#                           WithInclusiveCache default outerLatencyCycles = 40 (the same value
#                           that sizes its MSHRs above). FASED's LLC latency in the measured
#                           run is not public. Only requests that miss the L2 pay it, so it
#                           prices the layers whose working set exceeds 512 KiB: on the
#                           50-row sample median 22.0% -> 17.5% (docs/fidelity.md).
#   dram ddr3-1600          our DDR3-1600K preset (yaml/dram/ddr3-1600.yaml). FASED's runtime
#                           timings (14-14-14 at a 1 GHz DRAM clock, ~DDR3-2000) are close;
#                           with warm caches few rows reach the DRAM.
name: gemmini-firesim-like-d{d}
description: Gemmini {d}x{d} WS int8/int32 with 4 MiB scratchpad and accumulator, 128-bit DMA, DDR3 (FireSim-like)
clock_mhz: 1000
tech: 22nm
pe_array:
  rows: {d}
  cols: {d}
  dataflow: WS
  arithmetic: int
  operand_bits: 8
  accumulator_bits: 32
  output_bits: 8
  fold_overlap: true
  compute_command_rows: {d}
  compute_command_min_cycles: 4
  compute_commands_in_flight: 6
buffers:
  - name: Scratchpad
    holds: [inputs, weights]
    size: 4 MiB
    banks: 4
    bank_width: {d} B
    ports: 1
    latency_cycles: 2
  - name: Accumulator
    holds: [outputs]
    size: 4 MiB
    banks: 2
    bank_width: {acc_row} B
    ports: 2
    latency_cycles: 2
    keep_partial_sums: true
    partial_sums_overflow: overwrite
dma:
  bytes_per_cycle: 16
  burst: 64 B
  outstanding: 16
  row_bytes: 64 B
  command_requests: {d}
  commands_in_flight: {cmds}
  tlb_entries: 0
  page_bytes: 4 KiB
controller:
  issue_cycles: 0
  tile_issue_cycles: {tile_issue}
  matmul_tile_issue_cycles: {mm_tile_issue}
  reload_unchanged_tiles: true
vector_unit:
  lanes: {d}
  pipeline_latency_cycles: 4
  transcendental_cycles: 4
memory:
  model: dram
  dram:
    preset: ddr3-1600
  l2:
    size: 512 KiB
    ways: 8
    line: 64 B
    banks: 4
    hit_latency_cycles: {l2_hit}
    bytes_per_cycle: 16
    mshrs: 10
    warm: all
    replacement: random
  llc:
    size: 4 MiB
    ways: 8
    line: {llc_line} B
    hit_latency_cycles: 40
    bytes_per_cycle: 8
    tag_cycles: 2
    mshrs: 8
    warm: all
    replacement: random
"""

TILE_ISSUE_CYCLES = 266  # calibrated: the conv floor per call; see docs/fidelity.md
MATMUL_TILE_ISSUE_CYCLES = 129  # calibrated: cycles per one-block matmul tile
LLC_LINE_BYTES = 128  # FASED LLC blockBits 7
MAX_IN_FLIGHT_MEM_REQS = 16  # Gemmini defaultConfig (dma outstanding)
L2_HIT_CYCLES = 30  # calibrated; see docs/fidelity.md


def main():
    for d in (4, 8, 16, 32, 64):
        text = TEMPLATE.format(d=d, acc_row=4 * d, tile_issue=TILE_ISSUE_CYCLES, mm_tile_issue=MATMUL_TILE_ISSUE_CYCLES, llc_line=LLC_LINE_BYTES,
                               cmds=MAX_IN_FLIGHT_MEM_REQS // d + 1, l2_hit=L2_HIT_CYCLES)
        (ROOT / f"yaml/arch/gemmini-firesim-like-d{d}.yaml").write_text(text)


if __name__ == "__main__":
    main()
