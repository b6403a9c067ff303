#!/usr/bin/env python3
"""Load test of the agent's web page in headless chromium: 200 replicas and an event every few milliseconds.

Usage: bench/web/page-load.py [--replicas 200] [--event-every-ms 2] [--seconds 10] [--chromium /usr/bin/chromium]

A synthetic agent (this script, Python's standard library only) serves the page's real files from
orchestrator-api/src/main/resources/io/orch/api/ui/ plus a JSON API with one stack of --replicas replicas (20 per
service) and a /v1/events stream that emits a container.restarted event every --event-every-ms. No engine is
involved: what is measured is the page, not the agent. The page gets one extra script, bench.js, that counts
animation frames and long tasks (> 50 ms on the main thread) during the measurement and posts them back.
Prints: events sent and applied, frames per second, the longest gap between two frames, long tasks, stack reads.
"""
import argparse
import http.server
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone

UI = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "orchestrator-api", "src", "main",
                  "resources", "io", "orch", "api", "ui")
BENCH_JS = """
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const warmup = 2000, seconds = Number(params.get('seconds') || 10);
  let frames = 0, longest = 0, last = 0, measuring = false, longTasks = 0, longTaskMs = 0, seqStart = 0;
  new PerformanceObserver((list) => {
    if (!measuring) return;
    for (const e of list.getEntries()) { longTasks++; longTaskMs += e.duration; }
  }).observe({ type: 'longtask', buffered: false });
  function tick(t) {
    if (measuring) { frames++; if (last) longest = Math.max(longest, t - last); }
    last = t;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
  setTimeout(() => {
    measuring = true; seqStart = Number(document.body.dataset.seq || 0);
    setTimeout(() => {
      measuring = false;
      const result = { seconds, frames, longestFrameGapMs: Math.round(longest), longTasks, longTaskMs: Math.round(longTaskMs),
        eventsApplied: Number(document.body.dataset.seq || 0) - seqStart,
        replicasShown: document.querySelectorAll('.replica').length,
        feedItems: document.querySelectorAll('#events li').length };
      fetch('/bench/result', { method: 'POST', body: JSON.stringify(result) });
    }, seconds * 1000);
  }, warmup);
})();
"""


class State:
    def __init__(self, replicas, every_ms):
        self.services = max(1, replicas // 20)
        self.per_service = replicas // self.services
        self.every = every_ms / 1000.0
        self.restarts = [[0] * self.per_service for _ in range(self.services)]
        self.seq = 0
        self.lock = threading.Lock()
        self.sent = 0
        self.stack_reads = 0
        self.result = None
        self.done = threading.Event()
        # Replicas started an hour ago, as on a stack that has run a while (a younger one redraws every second).
        self.started = datetime.fromtimestamp(time.time() - 3600, timezone.utc).isoformat()

    def stack(self):
        services = []
        with self.lock:
            for i in range(self.services):
                name = "svc%02d" % i
                containers = [{"name": "bench-%s-%d" % (name, s + 1), "id": "%012x" % (i * 1000 + s), "slot": s + 1,
                               "state": "running", "health": "healthy", "restarts": self.restarts[i][s],
                               "exitCode": None, "oomKilled": False, "startedAt": self.started}
                              for s in range(self.per_service)]
                services.append({"stack": "bench", "service": name, "image": "busybox:1.36",
                                 "desired": self.per_service, "running": self.per_service,
                                 "healthy": self.per_service, "restarts": sum(self.restarts[i]),
                                 "state": "running", "backoffUntil": None, "lastError": None, "notes": [],
                                 "containers": containers, "rollout": None})
        topology = [{"service": s["service"], "ports": [], "dependsOn": {}} for s in services]
        return {"name": "bench", "submittedAt": self.started, "generation": 1, "services": services,
                "deleting": False, "error": None, "topology": topology}

    def next_event(self):
        with self.lock:
            i = random.randrange(self.services)
            s = random.randrange(self.per_service)
            self.restarts[i][s] += 1
            self.seq += 1
            self.sent += 1
            name = "svc%02d" % i
            return {"seq": self.seq, "time": datetime.now(timezone.utc).isoformat(), "type": "container.restarted",
                    "stack": "bench", "service": name, "slot": s + 1, "container": "bench-%s-%d" % (name, s + 1),
                    "reason": "exit", "message": "restarted: exited 137, restart %d" % self.restarts[i][s]}


def handler(state, seconds):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, ctype, body):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?")[0]
            if path in ("/", "/index.html"):
                html = open(os.path.join(UI, "index.html"), encoding="utf-8").read()
                html = html.replace("</head>", '<script src="/bench.js" defer></script>\n</head>')
                return self.send(200, "text/html; charset=utf-8", html.encode())
            if path.startswith("/ui/"):
                name = os.path.basename(path)
                ctype = {"js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}[name.rsplit(".", 1)[1]]
                return self.send(200, ctype, open(os.path.join(UI, name), "rb").read())
            if path == "/bench.js":
                return self.send(200, "text/javascript", BENCH_JS.encode())
            if path == "/v1/info":
                return self.send(200, "application/json", json.dumps(
                    {"version": "bench", "engineVersion": "none", "engineApiVersion": "", "uptimeSeconds": 1,
                     "stacks": 1, "containers": state.services * state.per_service}).encode())
            if path == "/v1/stacks":
                return self.send(200, "application/json", json.dumps(
                    [{"name": "bench", "services": state.services, "desired": 0, "running": 0,
                      "status": "running"}]).encode())
            if path == "/v1/stacks/bench":
                with state.lock:
                    state.stack_reads += 1
                return self.send(200, "application/json", json.dumps(state.stack()).encode())
            if path == "/v1/events":
                return self.events()
            self.send(404, "application/json", b'{"error":{"code":"not_found","message":"no route"}}')

        def events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            end = time.monotonic() + seconds + 30
            next_at = time.monotonic()
            try:
                while time.monotonic() < end and not state.done.is_set():
                    e = state.next_event()
                    frame = ("id: %d\nevent: %s\ndata: %s\n\n" % (e["seq"], e["type"], json.dumps(e))).encode()
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
                    self.wfile.flush()
                    next_at += state.every
                    time.sleep(max(0.0, next_at - time.monotonic()))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.result = json.loads(body)
            self.send(204, "text/plain", b"")
            state.done.set()

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicas", type=int, default=200)
    ap.add_argument("--event-every-ms", type=float, default=2.0)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    state = State(args.replicas, args.event_every_ms)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(state, args.seconds))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/?seconds=%d" % (server.server_address[1], args.seconds)
    with tempfile.TemporaryDirectory(prefix="h11-bench-chromium-", ignore_cleanup_errors=True) as profile:
        browser = subprocess.Popen([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                    "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                                    "--window-size=1280,900", "--remote-debugging-port=0", url],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if not state.done.wait(args.seconds + 60):
                sys.exit("no result from the page within %d s" % (args.seconds + 60))
        finally:
            browser.terminate()
            browser.wait(10)
    r = state.result
    print("web page under load: %d replicas (%d services), an event every %.1f ms, measured %d s after a 2 s warm-up"
          % (state.services * state.per_service, state.services, args.event_every_ms, r["seconds"]))
    print("  events sent by the server (whole run): %d; applied by the page while measuring: %d (%.0f/s)"
          % (state.sent, r["eventsApplied"], r["eventsApplied"] / r["seconds"]))
    print("  frames: %.1f per second; longest gap between two frames: %d ms"
          % (r["frames"] / r["seconds"], r["longestFrameGapMs"]))
    print("  long tasks (> 50 ms): %d, %d ms in total" % (r["longTasks"], r["longTaskMs"]))
    print("  stack reads (whole run): %d; replicas on the page: %d; feed items kept: %d"
          % (state.stack_reads, r["replicasShown"], r["feedItems"]))
    os._exit(0)


if __name__ == "__main__":
    main()
