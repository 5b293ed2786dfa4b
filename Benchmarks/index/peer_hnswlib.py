#!/usr/bin/env python3
"""Peer for `matlas bench index`: hnswlib on the same vectors, same machine, same run.

Run by the bench command (it needs /tmp/peers/bin/python with numpy + hnswlib):
    python peer_hnswlib.py generate DIR --size 100000 --dim 256 --queries 1000 [--seed 7]
        writes DIR/base.f32, DIR/queries.f32 (little-endian float32, row-major), DIR/gt.i32
        (exact top-10 by inner product, int32) and DIR/meta.json. Clustered synthetic unit vectors:
        400 Gaussian clusters, queries drawn from the same clusters.
    python peer_hnswlib.py run DIR --m 16 --ef-construction 100 --efs 16,32,... --churn 100000
        prints one JSON object: build CPU seconds (1 thread), index memory (RSS delta, bytes),
        recall@10 and single-thread QPS per ef (best of --repeats passes), and the add/delete churn figures.
"""
import argparse, json, os, sys, time
import numpy as np


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def generate(a):
    rng = np.random.default_rng(a.seed)
    k = 400
    centres = rng.normal(size=(k, a.dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    def draw(n):
        c = rng.integers(0, k, size=n)
        x = centres[c] + rng.normal(scale=0.6 / np.sqrt(a.dim) * 1.0, size=(n, a.dim)).astype(np.float32) * 1.5
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x.astype(np.float32)
    base, queries = draw(a.size), draw(a.queries)
    gt = np.empty((a.queries, 10), dtype=np.int32)
    for s in range(0, a.queries, 100):
        sims = queries[s:s + 100] @ base.T
        top = np.argpartition(-sims, 10, axis=1)[:, :10]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
        gt[s:s + 100] = np.take_along_axis(top, order, axis=1)
    os.makedirs(a.dir, exist_ok=True)
    base.astype("<f4").tofile(os.path.join(a.dir, "base.f32"))
    queries.astype("<f4").tofile(os.path.join(a.dir, "queries.f32"))
    gt.astype("<i4").tofile(os.path.join(a.dir, "gt.i32"))
    with open(os.path.join(a.dir, "meta.json"), "w") as f:
        json.dump({"size": a.size, "dim": a.dim, "queries": a.queries, "seed": a.seed}, f)


def run(a):
    import hnswlib
    meta = json.load(open(os.path.join(a.dir, "meta.json")))
    n, d, q = meta["size"], meta["dim"], meta["queries"]
    base = np.fromfile(os.path.join(a.dir, "base.f32"), dtype="<f4").reshape(n, d)
    queries = np.fromfile(os.path.join(a.dir, "queries.f32"), dtype="<f4").reshape(q, d)
    gt = np.fromfile(os.path.join(a.dir, "gt.i32"), dtype="<i4").reshape(q, 10)
    out = {"size": n, "dim": d, "queries": q, "m": a.m, "ef_construction": a.ef_construction}
    before = rss_bytes()
    index = hnswlib.Index(space="ip", dim=d)
    index.init_index(max_elements=n, M=a.m, ef_construction=a.ef_construction, random_seed=100,
                     allow_replace_deleted=True)
    # CPU time, not wall time: the machine is shared (the Swift side does the same).
    t = time.process_time()
    index.add_items(base, np.arange(n), num_threads=1)
    out["build_seconds"] = time.process_time() - t
    out["memory_bytes"] = rss_bytes() - before

    def recall_of(labels):
        return float(np.mean([len(set(l) & set(g)) / 10 for l, g in zip(labels % n, gt)]))

    sweep = []
    efs = [int(x) for x in a.efs.split(",")]
    index.set_ef(efs[0])
    index.knn_query(queries, k=10, num_threads=1)  # warm-up
    for ef in efs:
        index.set_ef(ef)
        elapsed = float("inf")
        for _ in range(a.repeats):  # best of repeats, as the Swift side does
            t = time.process_time()
            labels, _ = index.knn_query(queries, k=10, num_threads=1)
            elapsed = min(elapsed, time.process_time() - t)
        sweep.append({"ef": ef, "recall": recall_of(labels), "qps": q / elapsed})
    out["sweep"] = sweep

    if a.churn > 0:
        rng = np.random.default_rng(3)
        current = np.arange(n, dtype=np.int64)  # label currently holding vector i
        victims = rng.integers(0, n, size=a.churn)
        t = time.process_time()
        for c, i in enumerate(victims):
            index.mark_deleted(int(current[i]))
            new_label = n + c
            index.add_items(base[i:i + 1], np.array([new_label]), replace_deleted=True, num_threads=1)
            current[i] = new_label
        out["churn_seconds"] = time.process_time() - t
        out["churn_cycles"] = int(a.churn)
        out["churn_memory_bytes"] = rss_bytes() - before
        out["churn_elements"] = int(index.get_current_count())
        index.set_ef(64)
        labels, _ = index.knn_query(queries, k=10, num_threads=1)
        inverse = {int(l): i for i, l in enumerate(current)}
        mapped = np.vectorize(lambda l: inverse.get(int(l), -1))(labels)
        out["churn_recall_ef64"] = float(np.mean([len(set(l) & set(g)) / 10 for l, g in zip(mapped, gt)]))
    print(json.dumps(out))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir"); g.add_argument("--size", type=int, default=100000)
    g.add_argument("--dim", type=int, default=256); g.add_argument("--queries", type=int, default=1000)
    g.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("run")
    r.add_argument("dir"); r.add_argument("--m", type=int, default=16)
    r.add_argument("--ef-construction", type=int, default=100)
    r.add_argument("--efs", default="10,16,24,32,48,64,96,128,192,256")
    r.add_argument("--churn", type=int, default=100000)
    r.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    generate(a) if a.cmd == "generate" else run(a)


if __name__ == "__main__":
    main()
