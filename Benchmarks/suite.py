#!/usr/bin/env python3
"""muster's benchmark suite: launch, join, multiplex and idle, against a C floor and GNU make.

usage: python3 Benchmarks/suite.py [--runs R] [--idle-seconds S] [--quick] [--muster PATH]

Builds muster in release mode and the C floor (Benchmarks/floor.c: posix_spawn + waitpid + poll,
nothing else), then times each workload R times (medians) for the floor, `make -j` and
`muster run --quiet` in turns (one of each per round, so that a burst of load on a shared machine
weighs on all three), and prints ratios to the floor measured in the same invocation, of wall
time and of CPU time (user + system, children included: what load from elsewhere hardly moves). Also:
start-up (`check` of examples/hello.yaml, `run` of one `true`), check + plan of 10,000 entries /
50,000 edges, `muster ps` with 1,000 entries, peak RSS of a run of 1,000 entries, the installed
binary's size (stripped) and whether it holds ICU data, and muster's own CPU while 50 daemons
sleep. Figures go into Benchmarks/README.md.
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from common import ROOT, build_muster, cpu_while_waiting
TRUE = shutil.which("true")
SEQ = shutil.which("seq")


def build(folder, muster=None):
    muster = muster or build_muster()
    floor = os.path.join(folder, "floor")
    subprocess.run(["cc", "-O2", "-o", floor, os.path.join(ROOT, "Benchmarks", "floor.c")], check=True)
    return muster, floor


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def median(argv, runs, stdout=subprocess.DEVNULL, **kwargs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=stdout, stderr=subprocess.DEVNULL, check=True, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(commands, runs, env, cpu=None):
    """Median times of each argv in `commands`, run in turns (one of each per round), so that a
    burst of load on a shared machine weighs on all of them alike. When `cpu` is a list, the
    median CPU time (user + system, children included) of each is appended to it: what load
    from elsewhere hardly changes."""
    times = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for _ in range(runs):
        for argv, column, cpu_column in zip(commands, times, cpus):
            start = time.perf_counter()
            process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            _, status, usage = os.wait4(process.pid, 0)
            column.append(time.perf_counter() - start)
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                raise subprocess.CalledProcessError(process.returncode, argv)
            cpu_column.append(usage.ru_utime + usage.ru_stime)
    if cpu is not None:
        cpu.extend(statistics.median(column) for column in cpus)
    return [statistics.median(column) for column in times]


# Workloads: (name, floor argv, manifest text, makefile text)
def wide(n):
    manifest = "processes:\n" + "".join(f"  t{i}: {{command: [\"{TRUE}\"]}}\n" for i in range(n))
    make = "all: " + " ".join(f"t{i}" for i in range(n)) + "\n" + "".join(f"t{i}:\n\t@{TRUE}\n" for i in range(n))
    return manifest, make


def chain(n):
    manifest = f"processes:\n  c0: {{command: [\"{TRUE}\"]}}\n"
    manifest += "".join(f"  c{i}: {{command: [\"{TRUE}\"], depends_on: [c{i - 1}]}}\n" for i in range(1, n))
    make = f"all: c{n - 1}\nc0:\n\t@{TRUE}\n" + "".join(f"c{i}: c{i - 1}\n\t@{TRUE}\n" for i in range(1, n))
    return manifest, make


def layers(count, width):
    manifest, make = "processes:\n", f"all: {' '.join(f'l{count - 1}_{j}' for j in range(width))}\n"
    for layer in range(count):
        previous = [f"l{layer - 1}_{j}" for j in range(width)] if layer else []
        for j in range(width):
            deps = f", depends_on: [{', '.join(previous)}]" if previous else ""
            manifest += f"  l{layer}_{j}: {{command: [\"{TRUE}\"]{deps}}}\n"
            make += f"l{layer}_{j}: {' '.join(previous)}\n\t@{TRUE}\n"
    return manifest, make


def logs(children, lines):
    manifest = "processes:\n" + "".join(f"  c{i}: {{command: [\"{SEQ}\", \"1\", \"{lines}\"]}}\n" for i in range(children))
    make = "all: " + " ".join(f"c{i}" for i in range(children)) + "\n"
    make += "".join(f"c{i}:\n\t@{SEQ} 1 {lines}\n" for i in range(children))
    return manifest, make


def check_lines(path, children, lines):
    """Lost and torn lines in muster's output: every child's numbers, complete and in order."""
    expected = [1] * children
    pattern = re.compile(rb"^c(\d+)\s*\| (\d+)$")
    bad = 0
    with open(path, "rb") as f:
        for line in f:
            match = pattern.match(line.rstrip(b"\n"))
            if not match:
                bad += 1
                continue
            child, number = int(match.group(1)), int(match.group(2))
            if number != expected[child]:
                bad += 1
            expected[child] = number + 1
    lost = sum(lines + 1 - e for e in expected)
    return lost, bad




def idle_cpu(muster, folder, daemons, seconds):
    body = "".join(f"  d{i}: {{command: [sleep, \"600\"], daemon: true}}\n" for i in range(daemons))
    body += f"  wait: {{command: [sleep, \"{seconds}\"], depends_on: {{{', '.join(f'd{i}: started' for i in range(daemons))}}}}}\n"
    manifest = write(folder, "idle.yaml", "processes:\n" + body)
    return cpu_while_waiting(muster, manifest, folder, seconds)


def ps_latency(muster, folder, entries, runs=20):
    body = "  keeper: {command: [sleep, \"600\"], daemon: true}\n"
    body += "".join(f"  j{i}: {{command: [\"{TRUE}\"]}}\n" for i in range(entries - 1))
    manifest = write(folder, "ps.yaml", "processes:\n" + body)
    env = dict(os.environ, XDG_RUNTIME_DIR=folder)
    up = subprocess.Popen([muster, "up", "--quiet", "-f", manifest], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env)
    done = 0
    for line in up.stderr:
        if " exited 0 after " in line:
            done += 1
            if done == entries - 1:
                break
    result = median([muster, "ps", "--json", "-f", manifest], runs, env=env)
    subprocess.run([muster, "down", "-f", manifest], stderr=subprocess.DEVNULL, check=True, env=env)
    up.stderr.read()
    up.wait()
    return result


def plan_manifest(folder, entries, per_entry):
    rng = random.Random(42)
    text = ["processes:\n"]
    for i in range(entries):
        text.append(f"  p{i}:\n    command: [\"true\"]\n")
        if i:
            deps = sorted(rng.sample(range(i), min(per_entry, i)))
            text.append("    depends_on: [" + ", ".join(f"p{d}" for d in deps) + "]\n")
    return write(folder, "plan.yaml", "".join(text))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--idle-seconds", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="smaller workloads, for a smoke test")
    parser.add_argument("--muster", help="measure this muster binary instead of building one (an earlier build, for before/after)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    with tempfile.TemporaryDirectory() as folder:
        muster, floor = build(folder, args.muster)
        env = dict(os.environ, XDG_RUNTIME_DIR=folder)
        print(f"median of {args.runs} runs, release build, {os.cpu_count()} cores; ratio = wall time / C floor")
        print(f"{'workload':<34}{'C floor':>9}{'make -j':>9}{'muster':>9}{'make/floor':>11}{'muster/floor':>13}")
        cpu_rows = []
        rows = [
            ("1,000 independent true", ["wide", str(1000 // scale)], wide(1000 // scale)),
            ("chain of 300", ["chain", str(300 // scale)], chain(300 // scale)),
            ("10 layers x 50", ["layers", "10", str(50 // scale)], layers(10, 50 // scale)),
        ]
        for name, floor_args, (manifest_text, make_text) in rows:
            manifest = write(folder, "w.yaml", manifest_text)
            makefile = write(folder, "w.mk", make_text)
            cpu = []
            f, m, u = interleaved_medians(
                [[floor] + floor_args, ["make", "-j", "-s", "-f", makefile], [muster, "run", "--quiet", "-f", manifest]],
                args.runs, env, cpu)
            cpu_rows.append((name, cpu))
            print(f"{name:<34}{f * 1000:>7.0f}ms{m * 1000:>7.0f}ms{u * 1000:>7.0f}ms{m / f:>11.2f}{u / f:>13.2f}")
            if name.startswith("chain"):
                # A chain of one, in turns as well: what is fixed (start-up, teardown) against what
                # each hop adds (an exit, the next spawn, the child's own run).
                hops = int(floor_args[1])
                one = write(folder, "one.yaml", chain(1)[0])
                onemk = write(folder, "one.mk", chain(1)[1])
                f1, m1, u1 = interleaved_medians(
                    [[floor, "chain", "1"], ["make", "-j", "-s", "-f", onemk], [muster, "run", "--quiet", "-f", one]],
                    args.runs * 3, env)
                print(f"{'  chain of 1 (start-up, teardown)':<34}{f1 * 1e3:>7.1f}ms{m1 * 1e3:>7.1f}ms{u1 * 1e3:>7.1f}ms"
                      f"{m1 / f1:>11.2f}{u1 / f1:>13.2f}")
                per = [(x - x1) / (hops - 1) for x, x1 in ((f, f1), (m, m1), (u, u1))]
                print(f"{f'  per hop: ({hops} - 1) / {hops - 1}':<34}{per[0] * 1e3:>7.3f}ms{per[1] * 1e3:>7.3f}ms{per[2] * 1e3:>7.3f}ms"
                      f"{per[1] / per[0]:>11.2f}{per[2] / per[0]:>13.2f}")
        for name, (f, m, u) in cpu_rows:
            print(f"{'  CPU, ' + name:<34}{f * 1000:>7.0f}ms{m * 1000:>7.0f}ms{u * 1000:>7.0f}ms{m / f:>11.2f}{u / f:>13.2f}")

        children, lines = 8, 2_000_000 // scale
        manifest = write(folder, "logs.yaml", logs(children, lines)[0])
        makefile = write(folder, "logs.mk", logs(children, lines)[1])
        out = os.path.join(folder, "out.txt")
        with open(out, "wb") as sink:
            f = median([floor, "logs", str(children), str(lines)], args.runs, stdout=sink)
        floor_bytes = os.path.getsize(out) / args.runs
        with open(out, "wb") as sink:
            m = median(["make", "-j", "8", "-s", "-f", makefile], args.runs, stdout=sink)
        # muster: output to a file (stdout), events to /dev/null; checked for lost and torn lines.
        times = []
        for _ in range(args.runs):
            with open(out, "wb") as sink:
                start = time.perf_counter()
                subprocess.run([muster, "run", "--no-color", "-f", manifest], stdout=sink, stderr=subprocess.DEVNULL,
                               check=True, env=env)
                times.append(time.perf_counter() - start)
        u = statistics.median(times)
        lost, torn = check_lines(out, children, lines)
        muster_bytes = os.path.getsize(out)
        print(f"{f'{children} x {lines:,} log lines, prefixed':<34}{f * 1000:>7.0f}ms{m * 1000:>7.0f}ms{u * 1000:>7.0f}ms{m / f:>11.2f}{u / f:>13.2f}")
        print(f"{'  throughput':<34}{floor_bytes / f / 1e6:>6.0f}MB/s{'':>9}{muster_bytes / u / 1e6:>6.0f}MB/s"
              f"   lost lines: {lost}, torn or out of order: {torn}")

        hello = os.path.join(ROOT, "examples", "hello.yaml")
        one = write(folder, "one.yaml", wide(1)[0])
        startup_runs = max(args.runs, 41)
        check_start, run_start, floor_start = interleaved_medians(
            [[muster, "check", "-f", hello], [muster, "run", "--quiet", "-f", one], [floor, "wide", "1"]], startup_runs, env)
        print(f"start-up (median of {startup_runs}): check of examples/hello.yaml {check_start * 1000:.1f}ms,"
              f" run of one true {run_start * 1000:.1f}ms (the floor running one true: {floor_start * 1000:.1f}ms)")

        plan = plan_manifest(folder, 10_000 // scale, 5)
        base = median([muster, "--version"], args.runs)
        c = median([muster, "check", "-f", plan], args.runs)
        p = median([muster, "plan", "--format", "json", "-f", plan], args.runs)
        print(f"check of 10,000 entries / 50,000 edges: {c * 1000:.0f}ms, plan --format json: {p * 1000:.0f}ms"
              f" (process start alone: {base * 1000:.1f}ms)")
        print(f"muster ps --json with 1,000 entries: {ps_latency(muster, folder, 1000 // scale) * 1000:.1f}ms (median of 20)")
        wide_manifest = write(folder, "rss.yaml", wide(1000 // scale)[0])
        rss = subprocess.run(["/usr/bin/time", "-f", "%M", muster, "run", "--quiet", "-f", wide_manifest],
                             capture_output=True, text=True, env=env).stderr.strip().splitlines()[-1]
        print(f"peak RSS of muster running 1,000 entries: {int(rss) / 1024:.1f} MiB")
        stripped = os.path.join(folder, "muster.stripped")
        subprocess.run(["strip", "-o", stripped, muster], check=True)
        symbols = subprocess.run(["nm", muster], capture_output=True, text=True).stdout
        icu = "ICU data linked in" if ("icudt" in symbols or "FoundationICU" in symbols) else "no ICU data"
        print(f"binary (release, static Swift runtime, stripped): {os.path.getsize(stripped) / 1e6:.1f} MB, {icu}")
        cpu = idle_cpu(muster, folder, 50, args.idle_seconds)
        print(f"muster CPU while 50 daemons sleep {args.idle_seconds - 0.5:.1f}s: {cpu:.3f}s")


if __name__ == "__main__":
    sys.exit(main())
