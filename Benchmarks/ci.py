#!/usr/bin/env python3
"""CI output: what grouped output (`--output grouped`, the default in a CI) costs against
interleaved output, for jobs that write a lot.

usage: python3 Benchmarks/ci.py [--jobs 8] [--lines 200000] [--runs 5]

`--jobs` jobs each print `--lines` lines (`seq`) at once, to a file, under `--output interleaved`,
`--output grouped` (blocks of `NAME | line`) and `--ci github` (bare lines between ::group::
markers). Each job's lines past 256 KiB spill to a temporary file and are copied out when it
ends. Every run is checked: each job's lines complete and in order, and in the grouped modes each
job's lines in one unbroken block. Prints medians and each mode's ratio to interleaved.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import build_muster


def manifest(jobs, lines):
    return "processes:\n" + "".join(f"  j{n}: {{command: \"seq 1 {lines}\"}}\n" for n in range(jobs))


def check(path, jobs, lines, grouped):
    """Every job's lines complete and in order; in blocks when `grouped`."""
    seen = {f"j{n}": 0 for n in range(jobs)}
    current, blocks = None, 0
    with open(path) as output:
        for line in output:
            line = line.rstrip("\n")
            if line.startswith("::group::"):
                current, blocks = line[len("::group::"):].split(" ")[0], blocks + 1
                continue
            if line == "::endgroup::":
                current = None
                continue
            if " | " in line:
                name, _, number = line.partition(" | ")
                name = name.strip()
                if grouped and name != current:
                    current, blocks = name, blocks + 1
            else:
                name, number = current, line
            seen[name] += 1
            if int(number) != seen[name]:
                sys.exit(f"{name}: line {number} out of order in {path}")
    if any(count != lines for count in seen.values()):
        sys.exit(f"lost lines: {seen}")
    if grouped and blocks != jobs:
        sys.exit(f"{blocks} blocks for {jobs} jobs: lines interleaved")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    muster = build_muster()
    modes = {
        "interleaved": ["--output", "interleaved", "--ci", "none"],
        "grouped": ["--output", "grouped", "--ci", "none"],
        "github": ["--ci", "github"],
    }
    env = dict(os.environ, GITHUB_STEP_SUMMARY="")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.yaml")
        with open(path, "w") as file:
            file.write(manifest(args.jobs, args.lines))
        times = {mode: [] for mode in modes}
        for _ in range(args.runs):
            for mode, flags in modes.items():
                out = os.path.join(folder, f"{mode}.out")
                with open(out, "w") as sink:
                    start = time.perf_counter()
                    subprocess.run([muster, "run", "-f", path, *flags], stdout=sink, stderr=subprocess.DEVNULL,
                                   env=env, check=True)
                    times[mode].append(time.perf_counter() - start)
                check(out, args.jobs, args.lines, grouped=mode != "interleaved")
        size = os.path.getsize(os.path.join(folder, "interleaved.out"))
    base = statistics.median(times["interleaved"])
    print(f"{args.jobs} jobs x {args.lines:,} lines ({size / 1e6:.0f} MB interleaved), medians of {args.runs}:")
    for mode in modes:
        median = statistics.median(times[mode])
        print(f"  {mode:12} {median * 1000:7.0f} ms  {median / base:5.2f} x interleaved")


if __name__ == "__main__":
    main()
