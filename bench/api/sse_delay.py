#!/usr/bin/env python3
"""SSE receive timestamps and event-delay statistics for bench/api/event-delay.sh.

  sse_delay.py listen URL OUT   follow the SSE stream at URL (plain socket, no library: the point is to stamp each
                                event the moment its bytes arrive); write "recv_ns type container time" per event
                                to OUT; print "connected" on stdout once the response headers are in.
  sse_delay.py stats DIE RECV   pair every container.exited received with the engine's die event of the same
                                container (the latest die at or before the receive time) and print the delays.
"""
import json
import socket
import sys
import time
from urllib.parse import urlsplit


def listen(url, out_path):
    u = urlsplit(url)
    sock = socket.create_connection((u.hostname, u.port or 80))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    path = u.path + ("?" + u.query if u.query else "")
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {u.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(65536)
    head, buf = buf.split(b"\r\n\r\n", 1)
    chunked = b"transfer-encoding: chunked" in head.lower()
    print("connected", flush=True)
    raw, text = buf, b""  # raw: undecoded bytes; text: de-chunked SSE bytes not yet parsed
    data = None
    with open(out_path, "w", buffering=1) as out:
        while True:
            now = time.time_ns()  # CLOCK_REALTIME, the clock the engine stamps its events with
            if chunked:
                while True:  # de-chunk what is complete
                    nl = raw.find(b"\r\n")
                    if nl < 0:
                        break
                    size = int(raw[:nl].split(b";")[0], 16)
                    if len(raw) < nl + 2 + size + 2:
                        break
                    text += raw[nl + 2:nl + 2 + size]
                    raw = raw[nl + 2 + size + 2:]
            else:
                text, raw = text + raw, b""
            while b"\n" in text:
                line, text = text.split(b"\n", 1)
                line = line.rstrip(b"\r")
                if line.startswith(b"data:"):
                    data = json.loads(line[5:])
                elif line == b"" and data is not None:
                    out.write(f"{now} {data.get('type')} {data.get('container')} {data.get('time')}\n")
                    data = None
            chunk = sock.recv(65536)
            if not chunk:
                return
            raw += chunk


def percentile(sorted_values, p):
    """Nearest-rank percentile."""
    k = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[k]


def stats(die_path, recv_path):
    dies = {}
    for line in open(die_path):
        ns, name = line.split()[:2]
        dies.setdefault(name, []).append(int(ns))
    delays = []
    for line in open(recv_path):
        recv, typ, name = line.split()[:3]
        if typ != "container.exited":
            continue
        before = [d for d in dies.get(name, []) if d <= int(recv)]
        if before:
            delays.append((int(recv) - max(before)) / 1e6)
    if not delays:
        sys.exit("no container.exited event could be paired with a die event")
    delays.sort()
    print("samples\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tmin_ms")
    print(f"{len(delays)}\t{percentile(delays, 50):.2f}\t{percentile(delays, 90):.2f}\t"
          f"{percentile(delays, 99):.2f}\t{delays[-1]:.2f}\t{delays[0]:.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3])
    else:
        stats(sys.argv[2], sys.argv[3])
