#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Which tiles did the FireSim harness really run for the matmul rows? (docs/fidelity.md,
"Matmul tiles as the harness passed them"). For each reading of the CSV's tile columns, fits
cycles = a * tiles + b * blocks per array size D (least squares on relative error) and prints
the median and p90 relative error of the fit. The reading the measurements follow fits best.

Usage: python3 scripts/gemmini_matmul_tile_fit.py ../shared/data/gemmini-firesim/train.csv
"""
import sys

import numpy as np
import pandas as pd


def ceil_div(a, b):
    return -(-a // b)


def blocks(tile, d, reading):
    """Blocks of D per tile for a tile of `tile` elements under one reading."""
    if reading == "rounded up to whole blocks":  # the importer before the harness was read
        return ceil_div(tile, d)
    if reading == "element counts as block counts":
        return tile
    return np.where(tile < 16, 1, tile // 16)  # matmul_tilings.c: (T < 16) ? 1 : T >> 4


def main(path):
    rows = pd.read_csv(path)
    mm = rows[rows.layer_type == "matmul"]
    readings = ["rounded up to whole blocks", "element counts as block counts", "harness: max(1, T >> 4) blocks",
                "harness blocks, M tile x L0 P"]
    for only_m_above_1 in (False, True):
        sel = mm[mm.P > 1] if only_m_above_1 else mm
        print("matmul rows" + (" with M > 1" if only_m_above_1 else ""), len(sel))
        for reading in readings:
            cells = []
            for d, g in sel.groupby("rtl_pe_dim_inferred"):
                tiles = np.ones(len(g))
                for dim, col in (("P", "gemmini_tile_P"), ("C", "gemmini_tile_C"), ("K", "gemmini_tile_K")):
                    whole = ceil_div(g[dim].values, d)
                    tile = g[col].values
                    if dim == "P" and reading.endswith("x L0 P"):  # extract_data_csv.py's TILE_OCOLS
                        tile = tile * g.tf_L0_Registers_P.values
                    tiles *= ceil_div(whole, np.minimum(blocks(tile, d, reading), whole))
                block_count = ceil_div(g.P.values, d) * ceil_div(g.C.values, d) * ceil_div(g.K.values, d)
                cycles = g.cycles_rtl.values
                a, b = np.linalg.lstsq(np.vstack([tiles / cycles, block_count / cycles]).T, np.ones(len(g)),
                                       rcond=None)[0]
                err = np.abs((a * tiles + b * block_count) / cycles - 1)
                cells.append(f"D={d}: {np.median(err):.0%} / {np.quantile(err, 0.9):.0%} (a {a:.0f}, b {b:.1f})")
            print(f"  {reading:34s} " + "; ".join(cells))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/gemmini-firesim/train.csv")
