#!/usr/bin/env python3
"""SSE receive timestamps and event-delay statistics for bench/api/event-delay.sh.

  sse_delay.py listen URL OUT   follow the SSE stream at URL (plain socket, no library: the point is to stamp each
                                event the moment its bytes arrive); write "recv_ns type container time" per event
                                to OUT; print "connected" on stdout once the response headers are in.
  sse_delay.py stats DIE RECV [AGENT_LOG]
                                pair every container.exited received with the engine's die event of the same
                                container (the latest die at or before the receive time) and print the delays; with
                                the agent's log, split each delay at the moment the agent logged the event (its
                                LoggingEvents sink runs in the same emit as the SSE hub; log stamps have 1 ms
                                resolution): engine -> agent, and agent -> SSE client.
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


def agent_log_times(path):
    """container name -> [ns] of the agent's "events container.exited NAME" log lines."""
    from datetime import datetime
    times = {}
    for line in open(path):
        parts = line.split()
        if len(parts) >= 5 and parts[2] == "events" and parts[3] == "container.exited":
            ts = datetime.strptime(parts[0].replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            times.setdefault(parts[4].rstrip(":"), []).append(round(ts * 1e3) * 1_000_000)
    return times


def row(name, values):
    values = sorted(values)
    return (f"{name}\t{len(values)}\t{percentile(values, 50):.2f}\t{percentile(values, 90):.2f}\t"
            f"{percentile(values, 99):.2f}\t{values[-1]:.2f}\t{values[0]:.2f}")


def stats(die_path, recv_path, log_path=None):
    dies = {}
    for line in open(die_path):
        ns, name = line.split()[:2]
        dies.setdefault(name, []).append(int(ns))
    logged = agent_log_times(log_path) if log_path else {}
    delays, to_agent, to_client = [], [], []
    for line in open(recv_path):
        recv, typ, name = line.split()[:3]
        if typ != "container.exited":
            continue
        recv = int(recv)
        before = [d for d in dies.get(name, []) if d <= recv]
        if not before:
            continue
        die = max(before)
        delays.append((recv - die) / 1e6)
        # The log line of this die: the first one of this container at or after the die (ms-truncated stamps).
        log = [t for t in logged.get(name, []) if die - 1_000_000 < t <= recv]
        if log:
            to_agent.append((min(log) - die) / 1e6)
            to_client.append((recv - min(log)) / 1e6)
    if not delays:
        sys.exit("no container.exited event could be paired with a die event")
    print("leg\tsamples\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tmin_ms")
    print(row("engine die -> SSE client", delays))
    if to_agent:
        print(row("engine die -> agent log (+-1 ms)", to_agent))
        print(row("agent log -> SSE client (+-1 ms)", to_client))


if __name__ == "__main__":
    if sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3])
    else:
        stats(*sys.argv[2:5])
