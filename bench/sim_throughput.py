#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Simulation-speed benchmark of sextant-sim on whole networks.

SystemC elaborates once per process, so every measurement times a whole process. For
each (preset, workload) pair it reports the best-of-N wall time, the commands, memory
requests and (with the DRAM model) DRAM bursts simulated per second, and (with --callgrind) the instruction count of one run,
which stays stable on a shared machine. All pairs run side by side in one invocation so
their ratios compare like with like.

Usage: python3 bench/sim_throughput.py [--build build] [--repeats 5] [--callgrind]
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = [
    ("gemmini-default-like", "resnet50", []),
    ("gemmini-default-like", "resnet50", ["--ideal-memory"]),
    ("gemmini-ddr4-like", "resnet50", []),
    ("tpu-v1-like", "resnet50", []),
]


def run_once(sim, arch, workload, extra, out):
    command = [sim, "--arch", os.path.join(ROOT, "yaml/arch", arch + ".yaml"),
               "--workload", os.path.join(ROOT, "yaml/workloads", workload + ".yaml"),
               "--quiet", "--output", out] + extra
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start, command


def callgrind_instructions(command):
    with tempfile.TemporaryDirectory() as folder:
        out_file = os.path.join(folder, "callgrind.out")
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file] + command,
                                capture_output=True, text=True, check=True)
        match = re.search(r"Collected : (\d+)", result.stderr)
        return int(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--callgrind", action="store_true")
    args = parser.parse_args()
    sim = os.path.join(args.build, "models", "sextant-sim")
    if not os.path.exists(sim):
        sys.exit(f"error: {sim} not found; build first (bash scripts/demo.sh builds it)")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    header = f"{'preset':22} {'workload':9} {'mode':13} {'wall_s(best)':>12} {'commands':>9} {'mem_requests':>12} " \
             f"{'commands_per_s':>15} {'requests_per_s':>15} {'sim_cycles':>12} {'dram_bursts':>12} " \
             f"{'dram_bursts_per_s':>16}"
    if args.callgrind:
        header += f" {'instructions':>14}"
    print(header)
    for arch, workload, extra in CASES:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            times = []
            for _ in range(args.repeats):
                elapsed, command = run_once(sim, arch, workload, extra, out.name)
                times.append(elapsed)
            with open(out.name) as handle:
                result = json.load(handle)
        total = result["total"]
        best = min(times)
        # Each distinct op is simulated once whatever its repeat count.
        commands = sum(op["commands"] for op in result["ops"])
        requests = sum(op["memory_requests"] for op in result["ops"])
        # DRAM bursts, when the DRAM model served the memory (0 otherwise).
        bursts = sum(op["stats"].get("accelerator.dram", {}).get("bursts", {}).get("value", 0) for op in result["ops"])
        mode = "ideal-memory" if "--ideal-memory" in extra else ("dram" if bursts else "fixed-memory")
        line = f"{arch:22} {workload:9} {mode:13} {best:12.3f} {commands:9d} {requests:12d} " \
               f"{commands / best:15.0f} {requests / best:15.0f} {total['latency_cycles']:12d} " \
               f"{int(bursts):12d} {bursts / best:16.0f}"
        if args.callgrind:
            instructions = callgrind_instructions(command)
            line += f" {instructions:14d}"
        print(line)
    print(f"(wall time is the best of {args.repeats} whole-process runs, SystemC elaboration included; "
          "commands and requests are those simulated: each distinct op once)")


if __name__ == "__main__":
    main()
