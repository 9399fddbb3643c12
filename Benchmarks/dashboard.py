"""The dashboard's costs, measured in a real pseudo-terminal (no tmux in the way):

- idle: CPU of muster (the run) and of `muster tui` over 10 s, attached to 100 idle daemons,
  and to 9 busy ones (each printing 20 lines a second);
- keys: the time from a key press to the screen showing its effect (`g`: the graph view's
  "stage 1" appears; again: it goes), median of 20;
- flood: one entry writing 100,000 lines a second for 10 s: frames per second the dashboard
  draws (one synchronized update, ESC [ ? 2026 h, per frame), how fast it answers keys
  meanwhile, and whether the entry's log file (what `muster logs` reads from the run) has every line.

python3 Benchmarks/dashboard.py [--muster PATH]
"""
import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import tempfile
import termios
import time

from common import build_muster, cpu_seconds

FRAME = b"\x1b[?2026h"


class Dashboard:
    """`muster tui -f MANIFEST` in a pseudo-terminal of `width` × `height`."""

    def __init__(self, muster, manifest, env, width=100, height=30):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(muster, [muster, "tui", "-f", manifest], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.frames = 0

    def read(self, timeout):
        """Reads what the dashboard wrote within `timeout` seconds; the bytes."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.fd, 1 << 20)
        except OSError:
            return b""
        self.frames += data.count(FRAME)
        return data

    def wait_for(self, text, timeout=20):
        """Reads until `text` has been written (since the call); the seconds it took."""
        start = time.perf_counter()
        seen = b""
        while time.perf_counter() - start < timeout:
            seen += self.read(0.05)
            if text in seen:
                return time.perf_counter() - start
        raise TimeoutError(f"the dashboard never showed {text!r}")

    def drain(self, seconds):
        """Reads for `seconds`; the number of frames drawn meanwhile."""
        end = time.perf_counter() + seconds
        before = self.frames
        while (left := end - time.perf_counter()) > 0:
            self.read(left)
        return self.frames - before

    def press(self, key, shows, timeout=20):
        """Types `key`; the seconds until `shows` is written."""
        start = time.perf_counter()
        os.write(self.fd, key)
        seen = b""
        while time.perf_counter() - start < timeout:
            seen += self.read(0.05)
            if shows in seen:
                return time.perf_counter() - start
        raise TimeoutError(f"{key!r} never showed {shows!r}")

    def quit(self):
        os.write(self.fd, b"q")
        while self.read(1):
            pass
        os.waitpid(self.pid, 0)


def up(muster, folder, manifest_text, env):
    """`muster up -d` of `manifest_text` in `folder`; the manifest's path and muster's pid."""
    manifest = os.path.join(folder, "m.yaml")
    with open(manifest, "w") as f:
        f.write(manifest_text)
    subprocess.run([muster, "up", "-d", "-f", manifest], env=env, check=True, stderr=subprocess.DEVNULL)
    ps = subprocess.run([muster, "ps", "-f", manifest, "--json"], env=env, check=True, capture_output=True, text=True)
    import json
    return manifest, json.loads(ps.stdout)["muster_pid"]


def down(muster, manifest, env):
    subprocess.run([muster, "down", "-f", manifest], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def idle_cpu(muster, entries, command, settled, env, seconds=10):
    """CPU of the run and of the dashboard over `seconds`, in percent of one core."""
    folder = tempfile.mkdtemp(prefix="muster-bench-")
    text = "processes:\n" + "".join(f"  e{i}: {{command: \"{command}\", daemon: true}}\n" for i in range(entries))
    manifest, run_pid = up(muster, folder, text, env)
    try:
        # The floor: the run alone, nobody attached.
        subprocess.run([muster, "ps", "-f", manifest], env=env, check=True, stdout=subprocess.DEVNULL)
        alone_before = cpu_seconds(run_pid)
        time.sleep(seconds)  # the measuring window itself
        alone = cpu_seconds(run_pid) - alone_before
        tui = Dashboard(muster, manifest, env)
        tui.wait_for(settled)
        tui.drain(1)
        run_before, tui_before = cpu_seconds(run_pid), cpu_seconds(tui.pid)
        frames = tui.drain(seconds)
        run_cpu, tui_cpu = cpu_seconds(run_pid) - run_before, cpu_seconds(tui.pid) - tui_before
        tui.quit()
        return alone / seconds * 100, run_cpu / seconds * 100, tui_cpu / seconds * 100, frames / seconds
    finally:
        down(muster, manifest, env)
        shutil.rmtree(folder, ignore_errors=True)


def key_latency(muster, env, tries=20):
    folder = tempfile.mkdtemp(prefix="muster-bench-")
    text = "processes:\n" + "".join(f"  e{i}: {{command: \"exec sleep 300\", daemon: true}}\n" for i in range(9))
    manifest, _ = up(muster, folder, text, env)
    try:
        tui = Dashboard(muster, manifest, env)
        tui.wait_for(b"9 running")
        times = []
        for _ in range(tries):
            # Paced as a person types: a press right after a frame would wait out the 30 frames/s cap.
            tui.drain(0.1)
            times.append(tui.press(b"g", b"stage"))
            tui.drain(0.1)
            times.append(tui.press(b"g", b"NAME"))
        tui.quit()
        return statistics.median(times) * 1000
    finally:
        down(muster, manifest, env)
        shutil.rmtree(folder, ignore_errors=True)


FLOOD = r"""
import sys, time
line = b"flood line %08d padding to look like a log line of a busy service\n"
start = time.monotonic()
n = 0
while n < 1_000_000:
    due = int((time.monotonic() - start) * 100_000) + 1000
    chunk = b"".join(line % i for i in range(n, min(due, 1_000_000)))
    sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()
    n = min(due, 1_000_000)
    time.sleep(0.005)
print("flood done", flush=True)
time.sleep(300)
"""


def flood(muster, env, seconds=10):
    folder = tempfile.mkdtemp(prefix="muster-bench-")
    with open(os.path.join(folder, "flood.py"), "w") as f:
        f.write(FLOOD)
    text = ("processes:\n"
            "  calm: {command: \"exec sleep 300\", daemon: true}\n"
            f"  flood: {{command: \"python3 {folder}/flood.py\", daemon: true, log: {folder}/flood.log}}\n")
    manifest, _ = up(muster, folder, text, env)
    try:
        tui = Dashboard(muster, manifest, env)
        tui.wait_for(b"2 running")
        os.write(tui.fd, b"j")  # the flooding entry's lines in the log pane
        start, before = time.perf_counter(), tui.frames
        keys = []
        while time.perf_counter() - start < seconds:
            tui.drain(0.4)
            keys.append(tui.press(b"g", b"stage"))
            keys.append(tui.press(b"g", b"NAME"))
        elapsed = time.perf_counter() - start
        frames = tui.frames - before
        tui.quit()
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(os.path.join(folder, "flood.log"), "rb") as f:
                lines = f.read().count(b"flood line ")
            if lines >= 1_000_000:
                break
            time.sleep(0.2)
        return frames / elapsed, statistics.median(keys) * 1000, max(keys) * 1000, lines
    finally:
        down(muster, manifest, env)
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--muster", help="a built muster (default: build a release one)")
    arguments = parser.parse_args()
    muster = arguments.muster or build_muster()
    runtime = tempfile.mkdtemp(prefix="muster-rt-")
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    try:
        alone, run, tui, fps = idle_cpu(muster, 100, "exec sleep 300", b"100 running", env)
        print(f"100 idle entries, 10 s: run alone {alone:.2f}% of a core; attached: run {run:.2f}%, "
              f"dashboard {tui:.2f}% ({fps:.1f} frames/s)")
        busy = "while :; do echo busy line; sleep 0.05; done"
        alone, run, tui, fps = idle_cpu(muster, 9, busy, b"9 running", env)
        print(f"9 busy entries (20 lines/s each), 10 s: run alone {alone:.2f}%; attached: run {run:.2f}%, "
              f"dashboard {tui:.2f}% ({fps:.1f} frames/s)")
        print(f"key press to screen: median {key_latency(muster, env):.1f} ms of 40")
        fps, median, worst, lines = flood(muster, env)
        print(f"100,000 lines/s for 10 s: {fps:.1f} frames/s, keys answered in {median:.1f} ms "
              f"(median; slowest {worst:.1f} ms), log file has {lines:,} of 1,000,000 lines")
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    main()
