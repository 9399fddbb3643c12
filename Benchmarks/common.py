"""What the benchmark scripts share: building muster, and watching a running muster's CPU."""
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_muster():
    """Builds muster as it is installed (release, Swift runtime linked in statically); its path.

    The release build has a folder of its own (.build-release), so that it does not rebuild the
    debug build's products (or wait for them) on each switch."""
    flags = ["-c", "release", "--static-swift-stdlib", "--scratch-path", os.path.join(ROOT, ".build-release")]
    subprocess.run(["swift", "build", *flags, "--product", "muster"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", *flags, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip() + "/muster"


def cpu_seconds(pid):
    """utime + stime of process `pid` (its children excluded), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_while_waiting(muster, manifest, folder, seconds):
    """Runs `muster run --quiet -f manifest`, whose entry `wait` sleeps `seconds` once everything
    else is up; muster's own CPU time over that sleep."""
    run = subprocess.Popen([muster, "run", "--quiet", "-f", manifest], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, env=dict(os.environ, XDG_RUNTIME_DIR=folder))
    for line in run.stderr:
        if "wait started" in line:
            break
    before = cpu_seconds(run.pid)
    time.sleep(seconds - 0.5)  # the measuring window itself
    during = cpu_seconds(run.pid) - before
    run.stderr.read()
    run.wait()
    return during
