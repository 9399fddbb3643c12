#!/usr/bin/env python3
"""Launch, join and idle benchmarks of `muster run`, release build, against a shell floor.

usage: python3 Benchmarks/exec_benchmark.py [--runs R] [--idle-seconds S]

Workloads, each timed as a whole `muster run --quiet` (median of R runs) next to a plain shell
loop doing the same work in the same invocation:
  wide   1,000 independent `true` entries  vs  `for i in $(seq 1000); do true-binary & done; wait`
  chain  300 entries, each waiting for the previous one to succeed  vs  a sequential loop
Then: muster's own CPU time (utime + stime from /proc, children excluded) while 50 daemons sleep
for S seconds (default 10); and `muster ps` against a `muster up` of 1,000 entries (median of 20).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRUE = shutil.which("true")


def build():
    subprocess.run(["swift", "build", "-c", "release", "--product", "muster"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip() + "/muster"


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def wide(folder, n):
    body = "".join(f"  t{i}: {{command: [\"{TRUE}\"]}}\n" for i in range(n))
    return write(os.path.join(folder, "wide.yaml"), "processes:\n" + body)


def chain(folder, n):
    body = f"  c0: {{command: [\"{TRUE}\"]}}\n"
    body += "".join(f"  c{i}: {{command: [\"{TRUE}\"], depends_on: [c{i - 1}]}}\n" for i in range(1, n))
    return write(os.path.join(folder, "chain.yaml"), "processes:\n" + body)


def median(argv, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(binary, folder, daemons, seconds):
    body = "".join(f"  d{i}: {{command: [sleep, \"600\"], daemon: true}}\n" for i in range(daemons))
    body += f"  wait: {{command: [sleep, \"{seconds}\"], depends_on: {{{', '.join(f'd{i}: started' for i in range(daemons))}}}}}\n"
    manifest = write(os.path.join(folder, "idle.yaml"), "processes:\n" + body)
    muster = subprocess.Popen([binary, "run", "--quiet", "-f", manifest], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    for line in muster.stderr:
        if "wait started" in line:
            break
    before = cpu_seconds(muster.pid)
    time.sleep(seconds - 0.5)  # the benchmark's own measuring window, not synchronisation
    during = cpu_seconds(muster.pid) - before
    muster.stderr.read()
    muster.wait()
    return during


def ps_latency(binary, folder, entries, runs=20):
    body = "  keeper: {command: [sleep, \"600\"], daemon: true}\n"
    body += "".join(f"  j{i}: {{command: [\"{TRUE}\"]}}\n" for i in range(entries - 1))
    manifest = write(os.path.join(folder, "ps.yaml"), "processes:\n" + body)
    env = dict(os.environ, XDG_RUNTIME_DIR=folder)
    up = subprocess.Popen([binary, "up", "--quiet", "-f", manifest], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env)
    done = 0
    for line in up.stderr:
        if " exited 0 after " in line:
            done += 1
            if done == entries - 1:
                break
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([binary, "ps", "--json", "-f", manifest], stdout=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    subprocess.run([binary, "down", "-f", manifest], stderr=subprocess.DEVNULL, check=True, env=env)
    up.stderr.read()
    up.wait()
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=int, default=10)
    args = parser.parse_args()
    binary = build()
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        m = median([binary, "run", "--quiet", "-f", wide(folder, 1000)], args.runs)
        f = median(["sh", "-c", f"for i in $(seq 1000); do {TRUE} & done; wait"], args.runs)
        rows.append(("1,000 independent true", m, f))
        m = median([binary, "run", "--quiet", "-f", chain(folder, 300)], args.runs)
        f = median(["sh", "-c", f"for i in $(seq 300); do {TRUE}; done"], args.runs)
        rows.append(("chain of 300", m, f))
        print(f"median of {args.runs} runs, release build, {os.cpu_count()} cores")
        print(f"{'workload':<26}{'muster':>10}{'shell loop':>12}{'ratio':>8}")
        for name, m, f in rows:
            print(f"{name:<26}{m * 1000:>8.0f}ms{f * 1000:>10.0f}ms{m / f:>8.2f}")
        cpu = idle_cpu(binary, folder, 50, args.idle_seconds)
        print(f"muster CPU while 50 daemons sleep {args.idle_seconds - 0.5:.1f}s: {cpu:.2f}s")
        print(f"muster ps --json with 1,000 entries: {ps_latency(binary, folder, 1000) * 1000:.1f}ms (median of 20)")


if __name__ == "__main__":
    sys.exit(main())
