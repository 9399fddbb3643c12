"""A DNS server on 127.0.0.1:53 that reads every query and never answers.

Usage: dead-dns.py READY LOG
Binds UDP 127.0.0.1:53, writes "ready" to READY (a FIFO the caller waits on), then appends the
name asked for in each query to LOG, one a line, and never sends anything back.
"""
import socket
import sys

ready_path, log_path = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", 53))
with open(ready_path, "w") as ready:
    ready.write("ready\n")


def asked_name(query):
    """The QNAME of a DNS query, dotted ("" when the packet is too short to hold one)."""
    labels, position = [], 12
    while position < len(query) and query[position] != 0:
        length = query[position]
        labels.append(query[position + 1 : position + 1 + length].decode("ascii", "replace"))
        position += 1 + length
    return ".".join(labels)


with open(log_path, "a", buffering=1) as log:
    while True:
        query = server.recv(4096)
        log.write(asked_name(query) + "\n")
