#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Time to simulate each network of the workload zoo (yaml/workloads/) on one preset.

SystemC elaborates once per process, so each measurement times a whole sextant-sim process
(timing mode, the preset's own memory model, default mapper). Prints a Markdown table for
docs/benchmarks.md with the best-of-N wall time, the MACs and the simulated cycles (an op
repeated with count, or identical to an earlier op, is simulated once).

Usage: python3 bench/zoo_sim_times.py [--build build] [--arch gemmini-default-like] [--repeats 3]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZOO = ["resnet18", "resnet50", "mobilenet_v2", "vgg16", "unet", "retinanet", "bert_base", "gpt2_small_block",
       "atari_dqn", "mlp_lenet300", "dlrm_mlperf_mlps", "mlp_lenet300_train", "resnet18_train", "linreg_55",
       "linreg_784", "logreg_54", "svm_54", "mf_138x10_r10", "mf_1682x943_r10", "backprop_61_128_4"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--arch", default="gemmini-default-like")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sim = os.path.join(args.build, "models", "sextant-sim")
    if not os.path.exists(sim):
        sys.exit(f"error: {sim} not found; build first")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; preset {args.arch}")
    print("| workload | MACs | simulated cycles | wall s (best of %d) |" % args.repeats)
    print("|---|---:|---:|---:|")
    for workload in ZOO:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sim, "--arch", os.path.join(ROOT, "yaml/arch", args.arch + ".yaml"), "--workload",
                       os.path.join(ROOT, "yaml/workloads", workload + ".yaml"), "--quiet", "--output", out.name]
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                subprocess.run(command, check=True)
                times.append(time.perf_counter() - start)
            with open(out.name) as handle:
                result = json.load(handle)
        total = result["total"]
        print(f"| {workload} | {total['macs']:,} | {total['latency_cycles']:,} | {min(times):.3f} |",
              flush=True)


if __name__ == "__main__":
    main()
