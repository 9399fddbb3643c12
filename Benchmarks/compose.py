#!/usr/bin/env python3
"""Composition: `muster config` of a 10,000-entry manifest split over 50 included files
(issue 13's floor: at most 300 ms).

usage: python3 Benchmarks/compose.py [--entries 10000] [--files 50] [--runs 9] [--limit-ms 300]

The generated project is a root muster.yaml that includes `--files` manifests under services/,
every other one with a prefix. Each included file has its own env and env_file, a disabled
template its entries `extends`, chains of dependencies among its entries, daemons with tcp and
log probes, a profile, and dependencies on another file's entries. `muster config` merges,
includes, extends, interpolates, selects by profile, plans and prints it all; the median of
`--runs` runs (after one warm-up) is printed, and the exit status is 1 when it exceeds
`--limit-ms`.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import build_muster


def profiled(n):
    """Whether entry `n` of a file is in the profile `slow` (which is off)."""
    return n % 25 == 0 and n % 50 != 0


def service_file(index, entries, prefixed):
    """The manifest services/svc-INDEX.yaml: `entries` entries; names as its includer sees them."""
    lines = [
        f"# service {index}",
        f"env: {{SERVICE: svc{index}, LOG_LEVEL: info}}",
        "env_file: [svc.env]",
        "processes:",
        "  TEMPLATE:",
        "    disabled: true",
        "    env: {RETRIES: \"3\", REGION: \"${REGION:-eu}\"}",
        "    shutdown: {signal: INT, timeout: 5s}",
        "    restart: on-failure",
        "    max_restarts: 2",
    ]
    # Names as written in the file: a prefix makes them unique, or else they carry the file's.
    local = (lambda n: n) if prefixed else (lambda n: f"svc{index}-{n}")
    lines[4] = f"  {local('template')}:"
    for n in range(entries):
        entry = f"e{n}"
        lines.append(f"  {local(entry)}:")
        if n % 50 == 0:
            lines.append(f"    command: [server, --port, \"{20000 + index * 200 + n}\", --name, {entry}]")
            lines.append("    daemon: true")
            probe = f"{{tcp: {20000 + index * 200 + n}}}" if n % 100 == 0 else "{log: \"listening on [0-9]+\"}"
            lines.append(f"    ready: {probe}")
        else:
            lines.append(f"    extends: {local('template')}")
            lines.append(f"    command: ./run-step --service ${{SERVICE}} --step {n} && echo \"done $$MUSTER_NAME\"")
            lines.append(f"    env: {{STEP: \"{n}\", WORKERS: \"4\"}}")
            # Entries of the profile (every 25th but the daemons) are leaves: nothing needs them.
            earlier = [m for m in (n - 1, n - 2, n - 3) if m >= 0 and not profiled(m)][:2]
            previous = [local(f"e{m}") for m in earlier]
            if n == 1 and index > 0:
                # A daemon of the file before, by the name its includer gives it.
                previous.append(f"s{index - 1}-e0" if (index - 1) % 2 == 0 else f"svc{index - 1}-e0")
            lines.append(f"    depends_on: [{', '.join(previous)}]")
            if profiled(n):
                lines.append("    profiles: [slow]")
            if n % 10 == 0:
                lines.append("    timeout: 10m")
    return "\n".join(lines) + "\n"


def generate(folder, entries, files):
    os.makedirs(os.path.join(folder, "services"))
    per_file = entries // files
    includes = []
    for index in range(files):
        prefixed = index % 2 == 0
        with open(os.path.join(folder, "services", f"svc-{index}.yaml"), "w") as f:
            f.write(service_file(index, per_file, prefixed))
        includes.append(f"  - {{path: services/svc-{index}.yaml, prefix: s{index}}}" if prefixed
                        else f"  - services/svc-{index}.yaml")
    with open(os.path.join(folder, "services", "svc.env"), "w") as f:
        f.write("DATABASE_URL=postgres://localhost/app\nCACHE_URL=redis://localhost\n")
    with open(os.path.join(folder, "muster.yaml"), "w") as f:
        f.write("name: big\nenv: {ROOT: \"1\"}\ninclude:\n" + "\n".join(includes) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--limit-ms", type=float, default=300)
    args = parser.parse_args()
    muster = build_muster()
    with tempfile.TemporaryDirectory() as folder:
        generate(folder, args.entries, args.files)
        command = [muster, "config", "--no-dotenv", "-f", os.path.join(folder, "muster.yaml")]
        first = subprocess.run(command, capture_output=True, text=True)
        if first.returncode != 0:
            sys.exit(f"muster config failed:\n{first.stderr[-2000:]}")
        printed = first.stdout.count("\n    command:")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        print(f"muster config, {args.entries} entries in {args.files} included files "
              f"({printed} printed, the rest off by profile or templates): "
              f"median {median:.0f} ms of {args.runs} (min {min(times):.0f}, max {max(times):.0f}); "
              f"limit {args.limit_ms:.0f} ms")
        sys.exit(0 if median <= args.limit_ms else 1)


if __name__ == "__main__":
    main()
