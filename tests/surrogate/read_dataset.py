#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Loads a sextant-datagen file into pandas with h5py alone (no Sextant code), as
docs/dataset.md shows. Usage: read_dataset.py DATAGEN SPACE FOLDER (it generates the file)."""
import os
import subprocess
import sys

import h5py
import pandas as pd


def load(path):
    """Every column into one DataFrame, text columns decoded, plus the root attributes."""
    columns = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                columns[name] = obj.asstr()[()] if h5py.check_string_dtype(obj.dtype) else obj[()]
        f.visititems(visit)
        attributes = dict(f.attrs)
        units = {name: f[name].attrs["units"] for name in columns}
    return pd.DataFrame(columns), attributes, units


def main():
    datagen, space, folder = sys.argv[1:4]
    out = os.path.join(folder, "pandas-test.h5")
    for stale in (out, out + ".journal"):
        if os.path.exists(stale):
            os.remove(stale)
    subprocess.run([datagen, "--space", space, "--samples", "6", "--out", out, "--progress", "never"], check=True)
    frame, attributes, units = load(out)
    assert len(frame) == 6, len(frame)
    assert list(frame["sample"]) == list(range(6))
    assert (frame["status"] == 0).all(), frame[["status", "reason"]]
    assert frame["workload/network"].iloc[0] == "tiny-ops"
    assert frame["hifi/latency_cycles"].gt(0).all()
    assert frame["lowfi/latency_cycles"].isna().all()
    assert units["hifi/latency_ns"] == "ns"
    assert attributes["schema_version"] == 2
    assert "tiny-test" in attributes["space_yaml"]
    # Network totals per design: sum of count x per-op latency.
    totals = (frame["workload/count"] * frame["hifi/latency_cycles"]).groupby(frame["arch/design_id"]).sum()
    assert len(totals) == 2 and (totals > 0).all()
    print("ok:", len(frame), "rows,", len(frame.columns), "columns")


if __name__ == "__main__":
    main()
