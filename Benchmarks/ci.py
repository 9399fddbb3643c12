#!/usr/bin/env python3
"""CI features: what grouped output (`--output grouped`, the default in a CI) costs against
interleaved output, for jobs that write a lot; and the job cache.

usage: python3 Benchmarks/ci.py [--jobs 8] [--lines 200000] [--runs 5] [--quick] [--key-check]

`--jobs` jobs each print `--lines` lines (`seq`) at once, to a file, under `--output interleaved`,
`--output grouped` (blocks of `NAME | line`) and `--ci github` (bare lines between ::group::
markers). Each job's lines past 256 KiB spill to a temporary file and are copied out when it
ends. Every run is checked: each job's lines complete and in order, and in the grouped modes each
job's lines in one unbroken block. Prints medians and each mode's ratio to interleaved.

The cache, with medians of `--runs`:
- a fully cached re-run of a 1,000-job pipeline (10 layers of 100, each job with an input file
  of its own and depending on one job of the layer before), end to end (target <= 150 ms);
- the key check of an unchanged tree of 100,000 files (one job whose input is the tree): a
  cached re-run, end to end, against the first run that read every file (target <= 300 ms);
  `--key-check` runs only this one;
- first-time hashing of 1 GB of inputs (16 files of 64 MiB, in the page cache), each run with
  an empty cache folder, against Python's hashlib.sha256 (OpenSSL) over the same files: the
  SHA-256 floor of this machine (target >= 1 GB/s, or that floor).
"""
import argparse
import os
import resource
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


def timed(command, env=None):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def timed_cpu(command):
    """Wall and CPU (user + system) seconds of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def key_check(muster, runs, quick, folder):
    """The key check of an unchanged tree of 100,000 files (one job whose input is the tree)."""
    files = 10_000 if quick else 100_000
    tree = f"{folder}/tree"
    for n in range(files):
        if n % 1000 == 0:
            os.makedirs(f"{tree}/src/d{n // 1000}", exist_ok=True)
        with open(f"{tree}/src/d{n // 1000}/f{n}.c", "w") as file:
            file.write(f"int f{n}(void) {{ return {n}; }}\n")
    with open(f"{tree}/m.yaml", "w") as file:
        file.write('processes:\n  build: {command: "true", inputs: ["src/**/*.c"]}\n')
    run = [muster, "run", "--quiet", "-f", f"{tree}/m.yaml"]
    reading = timed(run)
    measured = [timed_cpu(run) for _ in range(runs)]
    unchanged = statistics.median(wall for wall, _ in measured)
    cpu = statistics.median(cpu for _, cpu in measured)
    print(f"key check of {files:,} files: first run (every file read) {reading * 1000:.0f} ms; "
          f"unchanged (stat cache) {unchanged * 1000:.0f} ms, {cpu * 1000:.0f} ms CPU (target <= 300 ms)")


def cache_benchmarks(muster, runs, quick):
    """The cache's three figures."""
    with tempfile.TemporaryDirectory() as folder:
        # 1. A fully cached pipeline of 1,000 jobs.
        layers, width = (5, 20) if quick else (10, 100)
        os.makedirs(f"{folder}/pipe/in")
        lines = ["processes:"]
        for layer in range(layers):
            for n in range(width):
                name = f"j{layer}-{n}"
                with open(f"{folder}/pipe/in/{name}.txt", "w") as file:
                    file.write(f"input of {name}\n")
                depends = f", depends_on: [j{layer - 1}-{n}]" if layer else ""
                lines.append(f"  {name}: {{command: \"true\", inputs: [in/{name}.txt]{depends}}}")
        with open(f"{folder}/pipe/m.yaml", "w") as file:
            file.write("\n".join(lines) + "\n")
        run = [muster, "run", "--quiet", "-f", f"{folder}/pipe/m.yaml"]
        first = timed(run + ["--no-cache"])
        timed(run)
        cached = statistics.median(timed(run) for _ in range(runs))
        print(f"{layers * width:,}-job pipeline: every job run {first * 1000:.0f} ms; fully cached re-run "
              f"{cached * 1000:.0f} ms (target <= 150 ms)")

        # 2. The key check of an unchanged tree of 100,000 files.
        key_check(muster, runs, quick, folder)

        # 3. First-time hashing throughput.
        count, size = (4, 16 << 20) if quick else (16, 64 << 20)
        big = f"{folder}/big"
        os.makedirs(f"{big}/data")
        block = os.urandom(1 << 20)
        for n in range(count):
            with open(f"{big}/data/{n}.bin", "wb") as file:
                for _ in range(size >> 20):
                    file.write(block)
        with open(f"{big}/m.yaml", "w") as file:
            file.write('processes:\n  load: {command: "true", inputs: [data]}\n')
        total = count * size
        hashing = []
        for n in range(runs):
            hashing.append(timed([muster, "run", "--quiet", "-f", f"{big}/m.yaml", "--cache-dir", f"{big}/cache{n}"]))
        floor_script = ("import hashlib,sys\nfor p in sys.argv[1:]:\n h=hashlib.sha256()\n f=open(p,'rb')\n"
                        " while True:\n  b=f.read(1<<20)\n  if not b: break\n  h.update(b)\n")
        paths = [f"{big}/data/{n}.bin" for n in range(count)]
        floor = statistics.median(timed([sys.executable, "-c", floor_script, *paths]) for _ in range(runs))
        median = statistics.median(hashing)
        print(f"first-time hashing of {total / 1e9:.2f} GB: {median * 1000:.0f} ms, {total / median / 1e9:.2f} GB/s "
              f"(hashlib floor {floor * 1000:.0f} ms, {total / floor / 1e9:.2f} GB/s; muster / floor "
              f"{median / floor:.2f}); target >= 1 GB/s or the floor")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller workloads, a smoke test")
    parser.add_argument("--key-check", action="store_true", help="only the unchanged-tree key check")
    args = parser.parse_args()
    if args.quick:
        args.lines, args.runs = 20_000, 3
    muster = build_muster()
    if args.key_check:
        with tempfile.TemporaryDirectory() as folder:
            key_check(muster, args.runs, args.quick, folder)
        return
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
    cache_benchmarks(muster, args.runs, args.quick)


if __name__ == "__main__":
    main()
