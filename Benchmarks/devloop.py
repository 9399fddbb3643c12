#!/usr/bin/env python3
"""The dev loop: how soon a save restarts a watched daemon, how long a reload of a large manifest
takes to apply, and what watching many files costs while nothing changes.

usage: python3 Benchmarks/devloop.py [--tries 20] [--entries 1000] [--files 10000] [--idle-seconds 10]

1. A daemon with `watch: [src]` writes the wall time as it starts. A file under src/ is saved
   `--tries` times, each once the previous save's instance has started: the time from the save
   (before the write) to the new instance's start. Target: the debounce (200 ms) + at most 50 ms.
2. `muster up --no-reload` of `--entries` daemons; the manifest is saved with one entry's command
   changed and `muster reload` is timed (the client's whole run, from exec to exit: the manifest
   is read, the diff computed and applied before it answers), beside `muster check` of the same
   manifest (reading and checking it, which a reload does too) as a floor. The pids of the other entries
   are compared before and after. Target: at most 100 ms, every other pid unchanged.
3. `muster up` of one daemon watching a tree of `--files` files (100 folders): muster's own CPU
   time (children excluded) over `--idle-seconds` while nothing changes. Target: at most 0.01 s.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

from common import build_muster, cpu_seconds


def start_up(muster, folder, manifest, *flags):
    """`muster up` of `manifest` in `folder`, its stderr readable line by line."""
    return subprocess.Popen([muster, "up", "--no-color", *flags, "-f", manifest], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, XDG_RUNTIME_DIR=folder))


def wait_for(process, text):
    for line in process.stderr:
        if text in line:
            return
    raise RuntimeError(f"muster ended before saying {text!r}")


def stop(process):
    process.terminate()
    process.stderr.read()
    process.wait()


def lines(path):
    try:
        with open(path) as f:
            return f.read().split()
    except FileNotFoundError:
        return []


def save_to_start(muster, folder, tries):
    os.makedirs(os.path.join(folder, "src"))
    source = os.path.join(folder, "src", "app.py")
    with open(source, "w") as f:
        f.write("v0\n")
    starts = os.path.join(folder, "starts.txt")
    with open(os.path.join(folder, "watch.yaml"), "w") as f:
        f.write("""processes:
  web:
    command: "date +%s.%N >> starts.txt; exec sleep 300"
    daemon: true
    watch: [src]
""")
    up = start_up(muster, folder, "watch.yaml", "--no-reload")
    wait_for(up, "web started")
    while len(lines(starts)) < 1:
        time.sleep(0.001)
    gaps = []
    for attempt in range(tries):
        seen = len(lines(starts))
        saved = time.time()
        with open(source, "w") as f:
            f.write(f"v{attempt + 1}\n")
        while len(lines(starts)) <= seen:
            time.sleep(0.001)
        gaps.append(float(lines(starts)[seen]) - saved)
        time.sleep(0.1)  # let the restart settle before the next save
    stop(up)
    return gaps


def ps_pids(muster, folder, manifest):
    out = subprocess.run([muster, "ps", "--json", "-f", manifest], cwd=folder, capture_output=True, text=True,
                         env=dict(os.environ, XDG_RUNTIME_DIR=folder), check=True).stdout
    return {p["name"]: p["pid"] for p in json.loads(out)["processes"]}


def reload_large(muster, folder, entries):
    manifest = os.path.join(folder, "large.yaml")

    def write(changed, seconds_changed=301):
        with open(manifest, "w") as f:
            f.write("processes:\n")
            for i in range(entries):
                seconds = seconds_changed if i == changed else 300
                f.write(f"  d{i}: {{command: [sleep, \"{seconds}\"], daemon: true}}\n")

    write(None)
    up = start_up(muster, folder, "large.yaml", "--no-reload")
    wait_for(up, f"d{entries - 1} started")
    before = ps_pids(muster, folder, "large.yaml")
    # The floor: `muster check` of the same manifest (reading and checking it, which a reload does too).
    floor = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([muster, "check", "-f", "large.yaml"], cwd=folder, capture_output=True, check=True)
        floor.append(time.perf_counter() - started)
    # Five reloads, each changing the same entry's command again, each once the last has restarted it.
    times = []
    for attempt in range(5):
        write(entries // 2, 301 + attempt)
        started = time.perf_counter()
        result = subprocess.run([muster, "reload", "-f", "large.yaml"], cwd=folder, capture_output=True, text=True,
                                env=dict(os.environ, XDG_RUNTIME_DIR=folder))
        times.append(time.perf_counter() - started)
        wait_for(up, f"d{entries // 2} started")
    after = ps_pids(muster, folder, "large.yaml")
    stop(up)
    unchanged = sum(1 for name, pid in before.items() if after.get(name) == pid)
    took = statistics.median(times)
    return took, statistics.median(floor), result.stdout.strip(), unchanged


def idle_watching(muster, folder, files, seconds):
    tree = os.path.join(folder, "tree")
    per_folder = max(1, files // 100)
    for d in range(100):
        os.makedirs(os.path.join(tree, f"d{d}"))
        for i in range(per_folder):
            open(os.path.join(tree, f"d{d}", f"f{i}.txt"), "w").close()
    with open(os.path.join(folder, "idle.yaml"), "w") as f:
        f.write("processes:\n  web: {command: [sleep, \"600\"], daemon: true, watch: [tree]}\n")
    up = start_up(muster, folder, "idle.yaml")
    wait_for(up, "web started")
    time.sleep(0.5)  # the start's own work is over
    before = cpu_seconds(up.pid)
    time.sleep(seconds)
    during = cpu_seconds(up.pid) - before
    stop(up)
    return during


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--idle-seconds", type=float, default=10)
    args = parser.parse_args()
    muster = build_muster()
    with tempfile.TemporaryDirectory(prefix="muster-devloop-") as folder:
        os.mkdir(os.path.join(folder, "save"))
        gaps = save_to_start(muster, os.path.join(folder, "save"), args.tries)
        print(f"save -> new instance (debounce 200 ms): median {statistics.median(gaps) * 1000:.0f} ms, "
              f"min {min(gaps) * 1000:.0f} ms, max {max(gaps) * 1000:.0f} ms over {len(gaps)} saves")
        os.mkdir(os.path.join(folder, "reload"))
        took, floor, diff, unchanged = reload_large(muster, os.path.join(folder, "reload"), args.entries)
        print(f"reload of {args.entries} entries, one changed: {took * 1000:.1f} ms (median of 5 muster reload, exec to exit; "
              f"muster check of the manifest: {floor * 1000:.1f} ms, ratio {took / floor:.2f}), diff {diff!r}, "
              f"{unchanged} of {args.entries - 1} other pids unchanged after all five")
        os.mkdir(os.path.join(folder, "idle"))
        cpu = idle_watching(muster, os.path.join(folder, "idle"), args.files, args.idle_seconds)
        print(f"CPU of up watching {args.files} files for {args.idle_seconds:.0f} s, idle: {cpu:.3f} s")


if __name__ == "__main__":
    main()
