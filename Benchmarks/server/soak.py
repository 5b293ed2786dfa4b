#!/usr/bin/env python3
"""Bounded soak test of `matlas serve` over loopback (Matlas issue 8, item 7).

64 connections mix searches (text, composition, XRD) and upserts for 60 s, then every acknowledged
upsert is read back with `get`, and the server's resident memory (RSS, from /proc/<pid>/status) is
compared between the start and the end. Pass/fail:
  - no unintended error (every response is a result; errors are counted by method),
  - no acknowledged write lost (every upsert that returned {"id": …} is found by get with its formula),
  - memory flat (anonymous RSS — heap and stacks, not the memory-mapped catalog file — at the end
    ≤ 1.5 × after warm-up + 64 MB; both printed, sampled every 5 s so growth is visible, and the
    total VmRSS printed too). With --upsert-fraction 0 (read-only load) the store does not grow, so
    memory must stay flat: then the end may exceed the start by at most 10 % + 16 MB.

Run (standard library only, no venv needed):
  swift build -c release --product matlas
  python3 Benchmarks/server/soak.py --matlas .build/release/matlas --model Models/matlas-base \
      [--data /tmp/soak-data] [--connections 64] [--seconds 60]
It starts `matlas serve --port 0` itself (reusing --data when it already holds an index), waits for
the "serving … on host:port" line, soaks, checks, deletes what it wrote, and stops the server with SIGTERM.
Or point it at a running server with --port P --pid PID (then it does not start or stop anything).
"""
import argparse, json, os, random, re, signal, socket, subprocess, sys, threading, time

TEXTS = ["layered lithium cobalt oxide", "rock salt structure", "tetrahedral framework silicate",
         "iron oxide with corundum structure", "cubic perovskite", "olivine orthosilicate", "sulfide of lead"]
FORMULAS = ["Fe2O3", "SiO2", "NaCl", "CaCO3", "TiO2", "PbS", "MgO", "Al2O3", "LiFePO4", "CuSO4·5H2O"]
PATTERNS = [[[20.86, 22], [26.64, 100], [50.14, 14]], [[27.37, 13], [31.70, 100], [45.45, 55]],
            [[24.14, 30], [33.15, 100], [35.61, 70], [54.09, 45]]]


def rss_kb(pid, field="RssAnon:"):
    """Resident memory of `pid` in kB: anonymous (heap, stacks: what a leak grows) by default, or
    `VmRSS:` for the total, which also counts pages of the memory-mapped catalog — the OS page cache,
    shared and reclaimable, which grows as searches touch more of the file."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.file = self.sock.makefile("rwb")
        self.next_id = 0

    def call(self, method, params):
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        self.file.write(line.encode() + b"\n")
        self.file.flush()
        reply = json.loads(self.file.readline())
        assert reply.get("id") == self.next_id, f"out-of-order reply {reply.get('id')} != {self.next_id}"
        return reply


def worker(port, deadline, seed, acked, counts, errors, lock, upsert_fraction):
    rng = random.Random(seed)
    conn = Conn(port)
    n = 0
    while time.time() < deadline:
        r = rng.random()
        # Searches split the rest as 30 : 25 : 20 (text, composition, XRD).
        r = 0.25 + (r - upsert_fraction) * 0.75 / (1 - upsert_fraction) if r >= upsert_fraction else 0
        if r < 0.25:
            method, params = "upsert", None
            formula = rng.choice(FORMULAS)
            wid = f"soak:{seed}:{n}"
            params = {"id": wid, "composition": formula, "text": f"soak material {wid}"}
        elif r < 0.55:
            method, params = "search", {"query": {"text": rng.choice(TEXTS)}, "k": 10}
        elif r < 0.8:
            method, params = "search", {"query": {"composition": rng.choice(FORMULAS)}, "k": 5,
                                        "filter": "nelements<=4"}
        else:
            method, params = "search", {"query": {"spectrum": {"kind": "xrd", "peaks": rng.choice(PATTERNS)}}, "k": 10}
        try:
            reply = conn.call(method, params)
        except Exception as e:  # a dropped connection is an unintended error
            with lock:
                errors.append(f"{method}: transport {e!r}")
            conn = Conn(port)
            continue
        with lock:
            counts[method] = counts.get(method, 0) + 1
            if "error" in reply:
                errors.append(f"{method}: {reply['error']}")
            elif method == "upsert":
                acked[params["id"]] = params["composition"]
        n += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--matlas", default=".build/release/matlas")
    ap.add_argument("--model", default="Models/matlas-base")
    ap.add_argument("--data", default="/tmp/matlas-soak-data")
    ap.add_argument("--corpus", default="Corpora/amcsd/materials.jsonl.gz")
    ap.add_argument("--port", type=int)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--extra", default="", help="extra arguments for matlas serve")
    ap.add_argument("--upsert-fraction", type=float, default=0.25, help="share of requests that are upserts (0: read-only)")
    args = ap.parse_args()
    assert 1 <= args.connections <= 256 and 1 <= args.seconds <= 600, "bounded: ≤ 256 connections, ≤ 600 s"
    assert 0 <= args.upsert_fraction < 1, "--upsert-fraction in [0, 1)"

    proc = None
    if args.port is None:
        cmd = [args.matlas, "serve", "--data", args.data, "--model", args.model, "--corpus", args.corpus,
               "--port", "0"] + args.extra.split()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        port = None
        for line in proc.stdout:
            sys.stderr.write(line)
            m = re.search(r"serving .* on [\d.]+:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        assert port, "the server did not start"
        threading.Thread(target=lambda: [sys.stderr.write(l) for l in proc.stdout], daemon=True).start()
        pid = proc.pid
    else:
        port, pid = args.port, args.pid

    # Warm up (model pages, allocator) before taking the starting RSS.
    c = Conn(port)
    for t in TEXTS:
        c.call("search", {"query": {"text": t}, "k": 10})
    for p in PATTERNS:
        c.call("search", {"query": {"spectrum": {"kind": "xrd", "peaks": p}}, "k": 10})
    rss_start = rss_kb(pid) if pid else 0
    total_start = rss_kb(pid, "VmRSS:") if pid else 0

    acked, counts, errors, lock = {}, {}, [], threading.Lock()
    deadline = time.time() + args.seconds
    threads = [threading.Thread(target=worker,
                                args=(port, deadline, s, acked, counts, errors, lock, args.upsert_fraction))
               for s in range(args.connections)]
    samples = []

    def sample():
        while time.time() < deadline:
            samples.append((time.time() - t0, rss_kb(pid)))
            time.sleep(5)
    t0 = time.time()
    for t in threads:
        t.start()
    if pid:
        threading.Thread(target=sample, daemon=True).start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    rss_end = rss_kb(pid) if pid else 0
    total_end = rss_kb(pid, "VmRSS:") if pid else 0

    lost = []
    for wid, formula in acked.items():
        reply = c.call("get", {"id": wid})
        if "error" in reply:
            lost.append(wid)
    for wid in acked:
        c.call("delete", {"id": wid})

    total = sum(counts.values())
    print(f"soak: {args.connections} connections, {elapsed:.1f} s, {total} requests ({total / elapsed:.0f}/s): "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"acknowledged upserts: {len(acked)}, lost: {len(lost)}")
    if pid:
        print(f"server anonymous RSS: start {rss_start / 1024:.1f} MB, end {rss_end / 1024:.1f} MB "
              f"(total VmRSS incl. the mapped catalog: {total_start / 1024:.1f} → {total_end / 1024:.1f} MB)")
        print("anonymous RSS every 5 s (MB): " + " ".join(f"{kb / 1024:.0f}" for _, kb in samples))
    if args.upsert_fraction == 0:
        flat = (not pid) or rss_end <= 1.1 * rss_start + 16 * 1024
    else:
        flat = (not pid) or rss_end <= 1.5 * rss_start + 64 * 1024
    ok = not errors and not lost and flat
    print("PASS" if ok else "FAIL")
    if proc:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        print(f"server exit code after SIGTERM: {proc.returncode}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
