#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Instructions per analytical evaluation, by callgrind (stable on a shared machine,
unlike wall or CPU time). Runs each benchmark of sextant-bench-analytical under callgrind,
collecting only inside the functions one evaluation calls, and divides by the number of
evaluations (calls of the validity check from the benchmark loop).

    python3 bench/analytical_instructions.py --build build-test
"""
import argparse
import os
import re
import subprocess
import tempfile

# Functions an evaluation calls from the benchmark loop; the first three are the validity
# checks (one call per evaluation).
VALIDITY = ("sextant::check_mapping(", "sextant::TilingSpace::is_valid(", "sextant::PreparedCheck::holds(")
EVALUATION = VALIDITY + ("sextant::estimate_op(", "sextant::estimate_op_by_tile_classes(",
                         "sextant::evaluate_ppa(", "sextant::access_counts(", "sextant::PreparedOp::PreparedOp(")
BENCHMARKS = ["evaluate_default_mappings/gemmini", "reference_default_mappings/gemmini",
              "evaluate_default_mappings/tpu_v1", "reference_default_mappings/tpu_v1",
              "evaluate_random_mappings", "reference_random_mappings",
              "evaluate_valid_search_points", "evaluate_valid_search_points_space_check",
              "reference_valid_search_points"]


def measure(binary, name, workdir):
    out = os.path.join(workdir, "cg." + name.replace("/", "_"))
    toggles = [f"--toggle-collect={f[:-1]}*" for f in EVALUATION]
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *toggles, binary,
                    f"--benchmark_filter=^{name}$", "--benchmark_min_time=0.2"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = subprocess.run(["callgrind_annotate", "--tree=caller", "--inclusive=yes", out],
                          check=True, capture_output=True, text=True).stdout
    loop = name.split("/")[0] + "("
    instructions = 0
    evaluations = 0
    callers = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+<\s+(.*?)\s\((\d[\d,]*)x\)", line)
        if m:
            callers.append((int(m.group(1).replace(",", "")), m.group(2), int(m.group(3).replace(",", ""))))
            continue
        m = re.match(r"\s*[\d,]+ \([^)]*\)\s+\*\s+(.*)", line)
        if m:
            function = m.group(1).split(":", 1)[-1]
            if function.startswith(EVALUATION):
                for cost, caller, calls in callers:
                    if loop in caller:
                        instructions += cost
                        if function.startswith(VALIDITY):
                            evaluations += calls
        callers = [] if line.strip() == "" or m else callers
    return instructions, evaluations


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--only", default="", help="measure only the benchmarks whose name contains this text")
    args = parser.parse_args()
    binary = os.path.join(args.build, "bench", "sextant-bench-analytical")
    print("| benchmark | instructions / evaluation | evaluations measured |")
    print("|---|---:|---:|")
    with tempfile.TemporaryDirectory() as workdir:
        for name in [b for b in BENCHMARKS if args.only in b]:
            # Under valgrind Google Benchmark sometimes stops after a handful of
            # iterations: retry until enough evaluations were collected.
            for _ in range(5):
                instructions, count = measure(binary, name, workdir)
                if count >= 100:
                    break
            else:
                raise SystemExit(f"{name}: only {count} evaluations collected")
            print(f"| `{name}` | {instructions / count:,.0f} | {count:,} |")


if __name__ == "__main__":
    main()
