#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Analytical vs TLM latency per ResNet-50 layer (default mappings), as Markdown for
docs/fidelity.md. Usage: python3 bench/fidelity_table.py [--build build]"""
import argparse
import json
import pathlib
import statistics
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(sim, preset, fidelity, ideal, out):
    args = [sim, "--arch", str(ROOT / "yaml/arch" / f"{preset}.yaml"), "--workload",
            str(ROOT / "yaml/workloads/resnet50.yaml"), "--fidelity", fidelity, "--quiet", "--output", out]
    if ideal:
        args.append("--ideal-memory")
    subprocess.run(args, check=True)
    return json.load(open(out))


def layer_type(op_yaml):
    return op_yaml


def kind(name, ops_by_name):
    op = ops_by_name[name]
    if op["type"] != "conv":
        return "fc"
    k = op["kernel"]
    s = op.get("stride", 1)
    return f"conv {k}x{k}" + (" /2" if s > 1 else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build"))
    args = parser.parse_args()
    sim = str(pathlib.Path(args.build) / "models/sextant-sim")
    import yaml  # python3-yaml
    net = yaml.safe_load(open(ROOT / "yaml/workloads/resnet50.yaml"))
    ops_by_name = {op["name"]: op for op in net["ops"]}
    with tempfile.TemporaryDirectory() as tmp:
        for preset in ["gemmini-default-like", "tpu-v1-like"]:
            for ideal in [True, False]:
                a = run(sim, preset, "analytical", ideal, f"{tmp}/a.json")
                t = run(sim, preset, "tlm", ideal, f"{tmp}/t.json")
                memory = "ideal" if ideal else "fixed"
                by_kind = {}
                for oa, ot in zip(a["ops"], t["ops"]):
                    err = (oa["latency_cycles"] - ot["latency_cycles"]) / ot["latency_cycles"]
                    by_kind.setdefault(kind(ot["name"], ops_by_name), []).append((err, ot))
                print(f"\n### {preset}, {memory} memory\n")
                print("| layer type | layers | median error | worst error (layer) | TLM dram_bandwidth stall share |")
                print("|---|---:|---:|---:|---:|")
                for k in sorted(by_kind):
                    rows = by_kind[k]
                    errs = [e for e, _ in rows]
                    worst = max(rows, key=lambda r: abs(r[0]))
                    stall = sum(o["stall_cycles"].get("dram_bandwidth", 0) for _, o in rows) / sum(
                        o["latency_cycles"] for _, o in rows)
                    print(f"| {k} | {len(rows)} | {statistics.median(errs):+.1%} | {worst[0]:+.1%} ({worst[1]['name']}) | {stall:.0%} |")
                total = (a["total"]["latency_cycles"] - t["total"]["latency_cycles"]) / t["total"]["latency_cycles"]
                print(f"| **network** (count-weighted) | {len(a['ops'])} | | {total:+.1%} | |")


if __name__ == "__main__":
    main()
