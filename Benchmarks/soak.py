#!/usr/bin/env python3
"""Soak: one `muster up` kept busy for a long time, its RSS and open descriptors sampled.

usage: python3 Benchmarks/soak.py [--minutes 10] [--jobs 100] [--clients 4]

The manifest has a keeper daemon, a restart-looping daemon (`restart: on-failure`) and `--jobs`
short jobs in a dependency mesh (each waits for two earlier ones). `--clients` driver threads,
each on one connection to the run's control socket (the protocol of README.md, "Controlling a
run"), then `start` the ended jobs round-robin for `--minutes`, so entries are launched, reaped
and reported over and over (plus a `ps` every 50 starts); every 20th start is a `muster start`
process, so new connections are soaked too. Every 10 s muster's VmRSS and descriptor count are
printed; a leak shows as a trend.
"""
import argparse
import glob
import hashlib
import hmac
import json
import os
import socket
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from common import build_muster




class Connection:
    """One authenticated connection to a run's control socket."""

    def __init__(self, path, key):
        self.socket = socket.socket(socket.AF_UNIX)
        self.socket.connect(path)
        self.lines = self.socket.makefile("rb")
        challenge = bytes.fromhex(json.loads(self.lines.readline())["challenge"])
        answer = hmac.new(key, challenge, hashlib.sha256).hexdigest()
        if not self.ask({"response": answer})["ok"]:
            raise SystemExit("the control socket refused the key")

    def ask(self, request):
        self.socket.sendall(json.dumps(request).encode() + b"\n")
        return json.loads(self.lines.readline())


def connect(folder):
    """A connection to the one run whose control files are under `folder`."""
    socket_path = glob.glob(os.path.join(folder, "muster", "*.sock"))[0]
    with open(socket_path[:-len(".sock")] + ".key") as f:
        key = bytes.fromhex(f.read().strip())
    return Connection(socket_path, key)


def sample(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return rss / 1024, len(os.listdir(f"/proc/{pid}/fd"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--wrap", default="", help="a command to run `muster up` under, e.g. heaptrack")
    args = parser.parse_args()
    built = build_muster()
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        # A copy, so that rebuilding muster during the soak does not disturb it.
        muster = os.path.join(folder, "muster-soak")
        shutil.copy2(built, muster)
        body = "  keeper: {command: [sleep, \"100000\"], daemon: true}\n"
        body += "  flaky: {command: \"sleep 0.2; exit 1\", daemon: true, restart: on-failure, backoff: 100ms}\n"
        for i in range(args.jobs):
            deps = sorted({(i * 7) % i, (i * 13) % i}) if i > 1 else []
            body += f"  j{i}: {{command: \"echo j{i}\""
            body += f", depends_on: [{', '.join(f'j{d}' for d in deps)}]" if deps else ""
            body += "}\n"
        manifest = os.path.join(folder, "soak.yaml")
        with open(manifest, "w") as f:
            f.write("processes:\n" + body)
        env = dict(os.environ, XDG_RUNTIME_DIR=folder)
        log = open(os.path.join(folder, "up.log"), "w")
        up = subprocess.Popen(args.wrap.split() + [muster, "up", "--quiet", "-f", manifest], stdout=subprocess.DEVNULL, stderr=log, env=env)
        deadline = time.monotonic() + args.minutes * 60
        starts = [0] * args.clients

        def drive(client):
            connection = connect(folder)
            k = client
            while time.monotonic() < deadline:
                name = f"j{k % args.jobs}"
                if k % 20 == client % 20:
                    started = subprocess.run([muster, "start", name, "-f", manifest], stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL, env=env).returncode == 0
                else:
                    started = connection.ask({"command": "start", "name": name})["ok"]
                starts[client] += started
                k += args.clients
                if k % 50 == client:
                    connection.ask({"command": "ps"})

        time.sleep(2)  # let the first wave finish before driving
        # Under a wrapper, muster is the wrapper's descendant.
        pid = up.pid if not args.wrap else int(subprocess.run(
            ["pgrep", "-n", "-f", f"{muster} up"], capture_output=True, text=True).stdout.split()[0])
        threads = [threading.Thread(target=drive, args=(c,)) for c in range(args.clients)]
        for thread in threads:
            thread.start()
        if up.poll() is not None:
            sys.exit("muster up ended early:\n" + open(os.path.join(folder, "up.log")).read()[-2000:])
        print(f"{'t (s)':>6} {'RSS (MiB)':>10} {'fds':>5} {'starts':>8}", flush=True)
        begin = time.monotonic()
        while time.monotonic() < deadline:
            rss, fds = sample(pid)
            print(f"{time.monotonic() - begin:>6.0f} {rss:>10.1f} {fds:>5} {sum(starts):>8}", flush=True)
            time.sleep(10)
        for thread in threads:
            thread.join()
        rss, fds = sample(pid)
        print(f"{'end':>6} {rss:>10.1f} {fds:>5} {sum(starts):>8}", flush=True)
        # down exits with the run's status, which the failing daemon makes 1: not a soak failure.
        subprocess.run([muster, "down", "-f", manifest], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        up.wait()


if __name__ == "__main__":
    sys.exit(main())
