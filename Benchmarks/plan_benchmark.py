#!/usr/bin/env python3
"""Check + plan of a generated manifest of 10,000 entries and 50,000 edges, release build.

usage: python3 Benchmarks/plan_benchmark.py [--entries N] [--edges-per-entry K] [--runs R]

Builds muster in release mode, writes the manifest to a temporary folder, and times whole
`muster check` and `muster plan --format json` runs (process start, read, parse, validate, plan,
print). The floor is `muster --version` (process start alone) in the same run. Prints medians.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(path, entries, per_entry):
    rng = random.Random(42)
    edges = 0
    with open(path, "w") as f:
        f.write("name: generated\nprocesses:\n")
        for i in range(entries):
            f.write(f"  p{i}:\n    command: [\"true\"]\n")
            if i > 0:
                deps = sorted(rng.sample(range(i), min(per_entry, i)))
                edges += len(deps)
                f.write("    depends_on: [" + ", ".join(f"p{d}" for d in deps) + "]\n")
    return edges


def median_seconds(argv, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--edges-per-entry", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--product", "muster"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip() + "/muster"
    with tempfile.TemporaryDirectory() as folder:
        manifest = os.path.join(folder, "muster.yaml")
        edges = generate(manifest, args.entries, args.edges_per_entry)
        size = os.path.getsize(manifest) / 1e6
        floor = median_seconds([binary, "--version"], args.runs)
        check = median_seconds([binary, "check", "-f", manifest], args.runs)
        plan = median_seconds([binary, "plan", "--format", "json", "-f", manifest], args.runs)
    print(f"manifest: {args.entries} entries, {edges} edges, {size:.1f} MB; median of {args.runs} runs")
    print(f"{'command':<28}{'median':>10}{'minus floor':>14}")
    print(f"{'muster --version (floor)':<28}{floor * 1000:>8.1f}ms")
    for name, seconds in [("muster check", check), ("muster plan --format json", plan)]:
        print(f"{name:<28}{seconds * 1000:>8.1f}ms{(seconds - floor) * 1000:>12.1f}ms")


if __name__ == "__main__":
    sys.exit(main())
