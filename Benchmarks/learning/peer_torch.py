#!/usr/bin/env python3
"""PyTorch CPU peer for `matlas bench learning`: the same three training steps, timed the same way.

Run (the Swift command runs it for you and prints both sides with ratios):

    /tmp/peers/bin/python Benchmarks/learning/peer_torch.py --threads 1 --steps 20 --warmup 3

PyTorch CPU: `pip install /opt/wheels/torch-*+cpu-*.whl` into /tmp/peers (see the toolchain notes).
Prints one JSON object: {"torch": version, "threads": n, "workloads": {name: {"ms_per_step": median
wall time, "cpu_ms_per_step": median process CPU time, "peak_mb": peak RSS growth during the
workload}}}. Workloads (must match BenchLearningCommand.swift):

- mlp:  MLP 256→512→512→256 (ReLU), batch 256, MSE loss, AdamW step.
- cnn1d: batch 32 of 1×1024 signals; conv(1→16,k7,p3) ReLU maxpool2, conv(16→32,k5,p2) ReLU
         maxpool2, conv(32→64,k3,p1) ReLU, mean over length, linear 64→10, cross-entropy, AdamW.
- graph: 2,000 nodes × 12 in-edges (24,000 edges), node dim 64, edge dim 16; 3 CGCNN-style layers
         z = [h_src, h_dst, e] → linear 144→128 → sigmoid(gate)·softplus(core) → index_add to dst →
         h = softplus(h + agg); then mean over nodes, linear 64→1, MSE, AdamW.
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def rss_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def make_mlp(gen):
    model = nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 256))
    x = torch.randn(256, 256, generator=gen)
    y = torch.randn(256, 256, generator=gen)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()

    return step


class CNN1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(1, 16, 7, padding=3)
        self.c2 = nn.Conv1d(16, 32, 5, padding=2)
        self.c3 = nn.Conv1d(32, 64, 3, padding=1)
        self.head = nn.Linear(64, 10)

    def forward(self, x):
        h = F.max_pool1d(F.relu(self.c1(x)), 2)
        h = F.max_pool1d(F.relu(self.c2(h)), 2)
        h = F.relu(self.c3(h)).mean(dim=2)
        return self.head(h)


def make_cnn(gen):
    model = CNN1d()
    x = torch.randn(32, 1, 1024, generator=gen)
    labels = torch.randint(0, 10, (32,), generator=gen)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()

    return step


class MessagePassing(nn.Module):
    def __init__(self, dim=64, edge_dim=16, layers=3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(2 * dim + edge_dim, 2 * dim) for _ in range(layers)])
        self.head = nn.Linear(dim, 1)

    def forward(self, h, src, dst, e):
        for lin in self.layers:
            z = lin(torch.cat([h.index_select(0, src), h.index_select(0, dst), e], dim=1))
            gate, core = z.chunk(2, dim=1)
            msg = torch.sigmoid(gate) * F.softplus(core)
            agg = torch.zeros_like(h).index_add_(0, dst, msg)
            h = F.softplus(h + agg)
        return self.head(h.mean(dim=0, keepdim=True))


def make_graph(gen):
    nodes, degree = 2000, 12
    model = MessagePassing()
    h = torch.randn(nodes, 64, generator=gen)
    dst = torch.arange(nodes).repeat_interleave(degree)
    src = torch.randint(0, nodes, (nodes * degree,), generator=gen)
    e = torch.rand(nodes * degree, 16, generator=gen)
    target = torch.zeros(1, 1)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(h, src, dst, e), target)
        loss.backward()
        opt.step()

    return step


WORKLOADS = {"mlp": make_mlp, "cnn1d": make_cnn, "graph": make_graph}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--workloads", default="mlp,cnn1d,graph")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "workloads": {}}
    for name in args.workloads.split(","):
        reset_peak()
        start_kb = rss_kb("VmRSS")
        step = WORKLOADS[name](gen)
        for _ in range(args.warmup):
            step()
        times, cpu = [], []
        for _ in range(args.steps):
            c0, t0 = time.process_time(), time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
        out["workloads"][name] = {
            "ms_per_step": statistics.median(times),
            "cpu_ms_per_step": statistics.median(cpu),
            "peak_mb": (rss_kb("VmHWM") - start_kb) / 1024,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
