#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Scatter plot of predicted vs measured cycles from sextant-validate's per-row CSV, written
as SVG directly (no plotting library): log-log axes, Sextant TLM as dots coloured by array
size, Timeloop as grey crosses, the diagonal and the +-2x band. Also prints the error by
array size and by layer type as Markdown tables (docs/fidelity.md).
Usage: python3 scripts/plot_gemmini_firesim.py PER_ROW.csv [--svg docs/img/gemmini_firesim_scatter.svg]
"""
import argparse
import csv
import math
import statistics

COLOURS = {4: "#1b9e77", 8: "#d95f02", 16: "#7570b3", 32: "#e7298a", 64: "#66a61e"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("per_row")
    parser.add_argument("--svg", default="docs/img/gemmini_firesim_scatter.svg")
    args = parser.parse_args()
    rows = [r for r in csv.DictReader(open(args.per_row)) if r["status"] == "ok"]
    size, margin = 560, 60
    values = [float(r[k]) for r in rows for k in ("cycles_rtl", "cycles_tlm", "cycles_timeloop")]
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values)))

    def at(value):
        return margin + (math.log10(value) - low) / (high - low) * (size - 2 * margin)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" font-family="sans-serif" font-size="12">',
           f'<rect width="{size}" height="{size}" fill="white"/>']
    for decade in range(low, high + 1):
        p = at(10 ** decade)
        out.append(f'<line x1="{p:.1f}" y1="{margin}" x2="{p:.1f}" y2="{size - margin}" stroke="#eee"/>')
        out.append(f'<line x1="{margin}" y1="{size - p:.1f}" x2="{size - margin}" y2="{size - p:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{p:.1f}" y="{size - margin + 16}" text-anchor="middle">1e{decade}</text>')
        out.append(f'<text x="{margin - 6}" y="{size - p + 4:.1f}" text-anchor="end">1e{decade}</text>')
    a, b = at(10 ** low), at(10 ** high)
    out.append(f'<line x1="{a}" y1="{size - a}" x2="{b}" y2="{size - b}" stroke="black"/>')
    for factor in (2.0, 0.5):
        shift = math.log10(factor) / (high - low) * (size - 2 * margin)
        out.append(f'<line x1="{a}" y1="{size - a - shift:.1f}" x2="{b}" y2="{size - b - shift:.1f}" '
                   'stroke="black" stroke-dasharray="4 4"/>')
    for r in rows:
        x, y = at(float(r["cycles_rtl"])), at(float(r["cycles_timeloop"]))
        out.append(f'<path d="M{x - 2:.1f},{size - y - 2:.1f} l4,4 m0,-4 l-4,4" stroke="#bbb"/>')
    for r in rows:
        x, y = at(float(r["cycles_rtl"])), at(float(r["cycles_tlm"]))
        out.append(f'<circle cx="{x:.1f}" cy="{size - y:.1f}" r="2.2" fill="{COLOURS[int(r["pe_dim"])]}"/>')
    out.append(f'<text x="{size / 2}" y="{size - 18}" text-anchor="middle">measured cycles (FireSim RTL)</text>')
    out.append(f'<text x="16" y="{size / 2}" text-anchor="middle" transform="rotate(-90 16 {size / 2})">predicted cycles</text>')
    legend = [(f"Sextant TLM, D={d}", c) for d, c in COLOURS.items()] + [("Timeloop (x)", "#bbb")]
    for i, (label, colour) in enumerate(legend):
        out.append(f'<circle cx="{margin + 10}" cy="{margin + 10 + 15 * i}" r="4" fill="{colour}"/>')
        out.append(f'<text x="{margin + 20}" y="{margin + 14 + 15 * i}">{label}</text>')
    out.append(f'<text x="{size / 2}" y="24" text-anchor="middle" font-size="14">Gemmini in FireSim: {len(rows)} rows, '
               'diagonal = exact, dashed = 2x</text>')
    out.append("</svg>")
    open(args.svg, "w").write("\n".join(out) + "\n")

    def err(r, key):
        return abs(float(r[key]) - float(r["cycles_rtl"])) / float(r["cycles_rtl"])

    def table(title, key):
        groups = {}
        for r in rows:
            groups.setdefault(key(r), []).append(r)
        print(f"| {title} | rows | TLM median | TLM p90 | analytical median | Timeloop median |")
        print("|---|---:|---:|---:|---:|---:|")
        for k in sorted(groups):
            g = groups[k]
            tlm = sorted(err(r, "cycles_tlm") for r in g)
            print(f"| {k} | {len(g)} | {100 * statistics.median(tlm):.0f}% | {100 * tlm[int(0.9 * (len(tlm) - 1))]:.0f}% | "
                  f"{100 * statistics.median(err(r, 'cycles_analytical') for r in g):.0f}% | "
                  f"{100 * statistics.median(err(r, 'cycles_timeloop') for r in g):.0f}% |")
        print()

    table("array", lambda r: int(r["pe_dim"]))
    table("layer type", lambda r: r["layer_type"])


if __name__ == "__main__":
    main()
