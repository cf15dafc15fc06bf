#!/usr/bin/env python3
"""Edit latency of a language server over stdio: the time from sending a
didChange to receiving the publishDiagnostics that follows it.

Usage: python3 bench/lsp_latency.py EDITS FILE -- SERVER COMMAND...
Prints one line: "median_ms p95_ms edits". Standard library only.
"""
import json
import os
import subprocess
import sys
import threading
import time
import queue


def main():
    edits = int(sys.argv[1])
    path = sys.argv[2]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    text = open(path, encoding="utf-8").read()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    inbox = queue.Queue()

    def reader():
        out = proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode().partition(":")
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers.get("content-length", "0")))
            inbox.put(json.loads(body))

    threading.Thread(target=reader, daemon=True).start()
    next_id = [0]

    def send(msg):
        data = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        proc.stdin.flush()

    def request(method, params):
        next_id[0] += 1
        send({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})
        want = next_id[0]
        while True:
            m = inbox.get(timeout=60)
            if m is None:
                raise SystemExit("server exited")
            if m.get("id") == want and "method" not in m:
                return m
            answer(m)

    def answer(m):
        # Answer the server's own requests (configuration, registration).
        if "id" in m and "method" in m:
            result = [None] * len(m.get("params", {}).get("items", [])) \
                if m["method"] == "workspace/configuration" else None
            send({"jsonrpc": "2.0", "id": m["id"], "result": result})

    def wait_publish(uri):
        while True:
            m = inbox.get(timeout=60)
            if m is None:
                raise SystemExit("server exited")
            answer(m)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m

    root = "file://" + os.path.dirname(os.path.abspath(path))
    request("initialize", {"processId": os.getpid(), "rootUri": root, "capabilities": {}})
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = root + "/Dockerfile"
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}})
    wait_publish(uri)
    lines = text.split("\n")
    times = []
    version = 1
    for i in range(edits):
        # Type one character at the end of a line, then delete it again.
        line = (i // 2 * 7) % max(1, len(lines) - 1)
        col = len(lines[line].encode("utf-16-le")) // 2
        if i % 2 == 0:
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col}}, "text": "x"}
        else:
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col + 1}}, "text": ""}
        version += 1
        t0 = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        wait_publish(uri)
        times.append((time.perf_counter() - t0) * 1000)
    request("shutdown", None)
    send({"jsonrpc": "2.0", "method": "exit"})
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
    times.sort()
    median = times[len(times) // 2]
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{median:.2f} {p95:.2f} {len(times)}")


if __name__ == "__main__":
    main()
