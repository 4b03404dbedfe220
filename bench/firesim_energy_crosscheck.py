#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Analytical energy of the Gemmini FireSim data's mappings beside Timeloop's energy.

For every row of /work/shared/data/gemmini-firesim/train.csv: the layer, the row's exact
mapping (Timeloop factors per level, DRAM loop order) on the arch Timeloop priced it on
(the `arch_*` placeholder: 128x128 WS, 1 MiB scratchpad, 1 MiB accumulator), evaluated by
`sextant-sim --fidelity analytical` with the 45 nm table. Prints summary statistics and
writes a CSV (docs/ppa.md). Timeloop names P, Q as output width, height and R, S as filter
width, height; Sextant's P, Q, R, S are height first, so the names are swapped here.
Usage: python3 bench/firesim_energy_crosscheck.py [--build build] [--data train.csv] [--csv out.csv]
"""
import argparse
import csv
import json
import math
import pathlib
import statistics
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TL_TO_SEXTANT = {"P": "Q", "Q": "P", "R": "S", "S": "R", "C": "C", "K": "K", "N": "N"}


def factors(row, level):
    parts = []
    for tl in "RSPQCKN":
        value = int(float(row[f"tf_{level}_{tl}"]))
        if value != 1:
            parts.append(f"{TL_TO_SEXTANT[tl]}={value}")
    return " ".join(parts)


def permutation(order_outer_to_inner):
    inner_first = "".join(TL_TO_SEXTANT[c] for c in reversed(order_outer_to_inner.strip()) if c in TL_TO_SEXTANT)
    return inner_first


def spearman(xs, ys):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        for rank, i in enumerate(order):
            result[i] = float(rank)
        return result
    rx, ry = ranks(xs), ranks(ys)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--data", default="/work/shared/data/gemmini-firesim/train.csv")
    parser.add_argument("--csv", default="")
    args = parser.parse_args()
    sim = str(pathlib.Path(args.build) / "models/sextant-sim")
    rows = list(csv.DictReader(open(args.data)))
    results, failures = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for row in rows:
            n, c, k = (int(row[x]) for x in "NCK")
            p_tl, q_tl, r_tl, s_tl = (int(row[x]) for x in "PQRS")
            sh, sw = int(row["Hstride"]), int(row["Wstride"])
            # Sextant: P = output height = Timeloop Q; R = filter height = Timeloop S.
            out_h, out_w, ker_h, ker_w = q_tl, p_tl, s_tl, r_tl
            in_h, in_w = (out_h - 1) * sh + ker_h, (out_w - 1) * sw + ker_w
            (tmp / "w.yaml").write_text(
                "name: row\nops:\n"
                f"  - {{name: layer, type: conv, batch: {n}, in_channels: {c}, out_channels: {k}, in_h: {in_h}, "
                f"in_w: {in_w}, kernel_h: {ker_h}, kernel_w: {ker_w}, stride: {sh}, padding: 0}}\n")
            if sh != sw:
                failures["unequal strides"] = failures.get("unequal strides", 0) + 1
                continue
            (tmp / "m.yaml").write_text(
                "mapping:\n"
                f"  - {{target: DRAM, type: temporal, factors: '{factors(row, 'L3_DRAM')}', permutation: '{permutation(row['order_L3_DRAM_outer_to_inner'])}'}}\n"
                f"  - {{target: Scratchpad, type: temporal, factors: '{factors(row, 'L2_Scratchpad')}', permutation: '{permutation(row['order_L2_Scratchpad_outer_to_inner'])}'}}\n"
                f"  - {{target: Accumulator, type: temporal, factors: '{factors(row, 'L1_Accumulator')}', permutation: '{permutation(row['order_L1_Accumulator_outer_to_inner'])}'}}\n"
                f"  - {{target: Registers, type: temporal, factors: '{factors(row, 'L0_Registers')}', permutation: '{permutation(row['order_L0_Registers_outer_to_inner'])}'}}\n"
                f"  - {{target: Accumulator, type: spatial, factors: 'K={int(float(row['sf_L2_Scratchpad_K_cols']))} C={int(float(row['sf_L1_Accumulator_C_rows']))}', permutation: KC, split: 1}}\n")
            run = subprocess.run(
                [sim, "--arch", str(ROOT / "yaml/arch/gemmini-default-like.yaml"), "--set", "tech=45nm",
                 "--set", "pe_array.rows=128", "--set", "pe_array.cols=128", "--set", "buffers.0.size=1 MiB",
                 "--set", "buffers.1.size=1 MiB", "--workload", str(tmp / "w.yaml"), "--mapping", str(tmp / "m.yaml"),
                 "--fidelity", "analytical", "--quiet", "--output", str(tmp / "r.json")],
                capture_output=True, text=True)
            if run.returncode != 0:
                reason = run.stderr.strip().split(": expected ")[-1][:70]
                failures[reason] = failures.get(reason, 0) + 1
                continue
            op = json.load(open(tmp / "r.json"))["ops"][0]
            results.append((row, op))
    ours = [op["energy_pj"] / 1e6 for _, op in results]
    theirs = [float(row["timeloop_energy_uJ"]) for row, _ in results]
    ratio = sorted(a / b for a, b in zip(ours, theirs))
    print(f"rows evaluated: {len(results)} of {len(rows)}")
    for reason, count in sorted(failures.items(), key=lambda kv: -kv[1]):
        print(f"  not evaluated ({count}): {reason}")
    print(f"Spearman(Sextant analytical energy, Timeloop energy) = {spearman(ours, theirs):.3f}")
    q = lambda f: ratio[min(len(ratio) - 1, int(f * len(ratio)))]
    print(f"Sextant / Timeloop energy: median {q(0.5):.3f}, 10% {q(0.1):.3f}, 90% {q(0.9):.3f}, min {ratio[0]:.3f}, max {ratio[-1]:.3f}")
    shares = {}
    for _, op in results:
        for key, value in op["energy_breakdown_pj"].items():
            shares[key] = shares.get(key, 0.0) + value
    total = sum(shares.values())
    print("Sextant energy shares over all rows: " + ", ".join(f"{k} {v / total:.1%}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1]) if v > 0))
    dynamic = sorted((op["energy_pj"] - op["energy_breakdown_pj"]["leakage"]) / 1e6 / float(row["timeloop_energy_uJ"])
                     for row, op in results)
    print(f"without leakage: median {dynamic[len(dynamic) // 2]:.3f}, 10% {dynamic[len(dynamic) // 10]:.3f}, "
          f"90% {dynamic[9 * len(dynamic) // 10]:.3f}")
    areas = [op["area_mm2"] for _, op in results]
    print(f"area: Sextant {areas[0]:.2f} mm2, Timeloop {results[0][0]['timeloop_area_mm2']} mm2 "
          f"(breakdown {results[0][1]['area_breakdown_mm2']})")
    macs = sum(int(row["macs"]) for row, _ in results)
    print(f"pJ per MAC: Sextant {sum(ours) * 1e6 / macs:.2f}, Timeloop {sum(theirs) * 1e6 / macs:.2f}")
    if args.csv:
        with open(args.csv, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["source_row", "layer_name", "macs", "timeloop_energy_uJ", "sextant_analytical_energy_uJ"])
            for (row, op), mine in zip(results, ours):
                writer.writerow([row["source_row"], row["layer_name"], row["macs"], row["timeloop_energy_uJ"], f"{mine:.6g}"])


if __name__ == "__main__":
    main()
