#!/usr/bin/env python3
"""Readiness probes: how soon a dependent starts after its dependency's port accepts, and what
muster's CPU costs while many probed daemons sit ready.

usage: python3 Benchmarks/probes.py [--tries 20] [--daemons 100] [--idle-seconds 10]

1. A daemon (python3) listens on a free port after a random delay of 0.1-0.6 s and prints the
   wall time right after listen(); a job that depends on it (`ready: {tcp: …}`) prints its own
   start time. The gap is measured `--tries` times, for the default 250 ms interval and for 50 ms.
2. `--daemons` daemons, each listening at once with a tcp probe, and a job that waits for all of
   them to be ready and then sleeps: muster's own CPU time (children excluded) over the sleep.
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from common import build_muster, cpu_while_waiting
SERVER = ("import random, socket, sys, time; time.sleep(random.uniform(0.1, 0.6)); "
          "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
          "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(64); "
          "print('listening', time.time(), flush=True); time.sleep(600)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]




def gap(muster, folder, interval):
    port = free_port()
    manifest = os.path.join(folder, "gap.yaml")
    with open(manifest, "w") as f:
        f.write(f"""processes:
  server:
    command: [python3, -c, "{SERVER}", "{port}"]
    daemon: true
    ready: {{tcp: "127.0.0.1:{port}", interval: {interval}}}
  client:
    command: [date, "+started %s.%N"]
    depends_on: [server]
""")
    out = subprocess.run([muster, "run", "--no-color", "-f", manifest], capture_output=True, text=True,
                         env=dict(os.environ, XDG_RUNTIME_DIR=folder)).stdout
    listening = float(re.search(r"listening ([0-9.]+)", out).group(1))
    started = float(re.search(r"started ([0-9.]+)", out).group(1))
    return started - listening




def idle(muster, folder, daemons, seconds):
    ports = [free_port() for _ in range(daemons)]
    body = "".join(
        f"  d{i}: {{command: [python3, -c, \"import socket, time; s = socket.socket(); "
        f"s.bind(('127.0.0.1', {p})); s.listen(8); time.sleep(600)\"], daemon: true, "
        f"ready: {{tcp: \"127.0.0.1:{p}\"}}}}\n" for i, p in enumerate(ports))
    body += f"  wait: {{command: [sleep, \"{seconds}\"], depends_on: [{', '.join(f'd{i}' for i in range(daemons))}]}}\n"
    manifest = os.path.join(folder, "idle.yaml")
    with open(manifest, "w") as f:
        f.write("processes:\n" + body)
    return cpu_while_waiting(muster, manifest, folder, seconds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--daemons", type=int, default=100)
    parser.add_argument("--idle-seconds", type=int, default=10)
    args = parser.parse_args()
    muster = build_muster()
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        for interval in ["250ms", "50ms"]:
            gaps = [gap(muster, folder, interval) for _ in range(args.tries)]
            print(f"port accepting -> dependent started, interval {interval}: median {statistics.median(gaps) * 1000:.0f} ms"
                  f" (min {min(gaps) * 1000:.0f}, max {max(gaps) * 1000:.0f}, {args.tries} tries)")
        cpu = idle(muster, folder, args.daemons, args.idle_seconds)
        print(f"muster CPU while {args.daemons} tcp-probed daemons sit ready for {args.idle_seconds - 0.5:.1f} s: {cpu:.3f} s")


if __name__ == "__main__":
    sys.exit(main())
