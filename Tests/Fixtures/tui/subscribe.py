"""A control client written apart from muster's: subscribes to the run of MANIFEST with
costs_ms, restarts ENTRY with `muster restart` once its cost has come, and prints what it saw
as one JSON object. Usage: subscribe.py MUSTER MANIFEST ENTRY"""
import glob
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys

muster, manifest, entry = sys.argv[1:4]
folder = os.path.join(os.environ["XDG_RUNTIME_DIR"], "muster")
socket_path = glob.glob(os.path.join(folder, "*.sock"))[0]
key = bytes.fromhex(open(socket_path[:-len(".sock")] + ".key").read().strip())
client = socket.socket(socket.AF_UNIX)
client.connect(socket_path)
client.settimeout(20)
lines = client.makefile("rb")
greeting = json.loads(lines.readline())
answer = hmac.new(key, bytes.fromhex(greeting["challenge"]), hashlib.sha256).hexdigest()
client.sendall(json.dumps({"response": answer}).encode() + b"\n")
assert json.loads(lines.readline())["ok"]
client.sendall(json.dumps({"command": "subscribe", "lines": 10, "costs_ms": 250}).encode() + b"\n")
seen = {"first": json.loads(lines.readline()), "costs": None, "restarted": None, "lines": [], "events": []}
restart = None
while seen["restarted"] is None or not seen["lines"]:  # the new instance starts, then writes
    message = json.loads(lines.readline())
    if "costs" in message and seen["costs"] is None:
        seen["costs"] = message["costs"]
        restart = subprocess.Popen([muster, "restart", entry, "-f", manifest], stdout=subprocess.DEVNULL)
    if "streamed" in message:
        seen["lines"] += message["streamed"]["lines"]
    if "event" in message:
        seen["events"].append(message["event"])
    process = message.get("process")
    if process and process["name"] == entry and process["restarts"] == 1 and process["alive"]:
        seen["restarted"] = process
restart.wait()
print(json.dumps(seen))
