"""PyTorch CPU peer of `matlas bench encoders`: the same six encoders (same shapes, same layer
sizes, same batches) timed for single-item inference latency and one training step.

Run by the Swift benchmark (it writes the batches to a JSON file):
    /tmp/peers/bin/python Benchmarks/encoders/peer_torch.py SPEC.json
Prints one JSON object: {"torch": version, "modalities": {name: {"latency_ms", "train_cpu_ms"}}}.
Not needed at run time or in `swift test`.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Head(nn.Module):
    def __init__(self, i, d):
        super().__init__()
        self.hidden, self.output = nn.Linear(i, i), nn.Linear(i, d)

    def forward(self, x):
        return F.normalize(self.output(F.gelu(self.hidden(x))), dim=-1)


def seg_sum(x, index, n):
    return torch.zeros((n,) + x.shape[1:], dtype=x.dtype).index_add_(0, index, x)


def seg_max(x, index, n):
    out = torch.full((n,) + x.shape[1:], -1e30)
    return out.scatter_reduce(0, index.unsqueeze(1).expand_as(x), x, "amax", include_self=True)


class Crystal(nn.Module):
    def __init__(self, c):
        super().__init__()
        s, h = c["crystal"], c["crystal"]["hidden"]
        self.emb = nn.Embedding(c["maxAtomicNumber"] + 1, h)
        self.layers = nn.ModuleList()
        for _ in range(s["layers"]):
            self.layers.append(nn.ModuleDict(dict(src=nn.Linear(h, 2 * h, bias=False), dst=nn.Linear(h, 2 * h, bias=False),
                                                  edge=nn.Linear(s["gaussianCount"], 2 * h), norm=nn.LayerNorm(h))))
        self.head = Head(2 * h, c["dimension"])

    def forward(self, b):
        h = seg_sum(self.emb(b["occupantElement"]) * b["occupantWeight"], b["occupantNode"], b["nodeCount"])
        for l in self.layers:
            z = l["src"](h)[b["edgeSource"]] + l["dst"](h)[b["edgeDestination"]] + l["edge"](b["edgeFeatures"])
            g, c = z.chunk(2, dim=1)
            h = F.softplus(h + l["norm"](seg_sum(torch.sigmoid(g) * F.softplus(c), b["edgeSource"], h.shape[0])))
        n = b["count"]
        counts = seg_sum(torch.ones(h.shape[0], 1), b["nodeGraph"], n).clamp(min=1)
        return self.head(torch.cat([seg_sum(h, b["nodeGraph"], n) / counts, seg_max(h, b["nodeGraph"], n)], 1))


class Composition(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, L = c["composition"]["hidden"], c["composition"]["layers"]
        self.emb, self.frac = nn.Embedding(c["maxAtomicNumber"] + 1, h), nn.Linear(3, h)
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(2 * h, h), nn.GELU(), nn.Linear(h, h)) for _ in range(L))
        self.norms = nn.ModuleList(nn.LayerNorm(h) for _ in range(L))
        self.head = Head(2 * h, c["dimension"])

    def forward(self, b):
        f, s, n = b["fractions"], b["set"], b["count"]
        x = self.emb(b["elements"]) + self.frac(torch.cat([f, f.sqrt(), f.log() / 5], 1))
        for mlp, norm in zip(self.mlps, self.norms):
            x = norm(x + mlp(torch.cat([x, seg_sum(x * f, s, n)[s]], 1)))
        return self.head(torch.cat([seg_sum(x * f, s, n), seg_max(x, s, n)], 1))


class Spectrum(nn.Module):
    def __init__(self, c):
        super().__init__()
        s = c["spectrum"]
        chans, k, length = [2] + s["channels"], s["kernelSize"], s["points"]
        self.convs = nn.ModuleList(nn.Conv1d(a, b, k, padding=k // 2) for a, b in zip(chans, chans[1:]))
        for _ in s["channels"]:
            length //= 2
        self.dense, self.head = nn.Linear(chans[-1] * length, s["hidden"]), Head(s["hidden"], c["dimension"])

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool1d(F.gelu(conv(x)), 2)
        return self.head(F.gelu(self.dense(x.flatten(1))))


class Micrograph(nn.Module):
    def __init__(self, c):
        super().__init__()
        chans = [1] + c["micrograph"]["channels"]
        self.convs = nn.ModuleList(nn.Conv2d(a, b, 3, padding=1) for a, b in zip(chans, chans[1:]))
        self.head = Head(2 * chans[-1], c["dimension"])

    def forward(self, x):
        for i, conv in enumerate(self.convs):
            x = F.gelu(conv(x))
            if i < len(self.convs) - 1:
                x = F.max_pool2d(x, 2)
        x = x.flatten(2)
        return self.head(torch.cat([x.mean(2), x.amax(2)], 1))


class Text(nn.Module):
    def __init__(self, c, vocab):
        super().__init__()
        s = c["text"]
        d = s["modelDimension"]
        self.tok, self.pos = nn.Embedding(vocab, d), nn.Parameter(torch.randn(s["maxTokens"], d) * 0.02)
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(d, s["heads"], s["feedForward"], s["dropout"],
                                                               activation="gelu", batch_first=True, norm_first=True)
                                    for _ in range(s["layers"]))
        self.norm, self.head = nn.LayerNorm(d), Head(d, c["dimension"])

    def forward(self, b):
        ids, mask = b["ids"], b["mask"]
        x = self.tok(ids) + self.pos[: ids.shape[1]]
        for l in self.layers:
            x = l(x, src_key_padding_mask=mask == 0)
        x = self.norm(x)
        return self.head((x * mask.unsqueeze(2)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1))


class Properties(nn.Module):
    def __init__(self, c):
        super().__init__()
        p, h = len(c["properties"]["specs"]), c["properties"]["hidden"]
        self.body = nn.Sequential(nn.Linear(2 * p, h), nn.GELU(), nn.Linear(h, h))
        self.head = Head(h, c["dimension"])

    def forward(self, x):
        return self.head(F.gelu(self.body(x)))


def tensors(name, b, c):
    """Model inputs of the shapes the Swift side used (values random where they do not matter)."""
    if name == "crystal":
        out = {k: torch.tensor(b[k]) for k in ("occupantNode", "occupantElement", "edgeSource", "edgeDestination", "nodeGraph")}
        out["occupantWeight"] = torch.ones(len(b["occupantNode"]), 1)
        out["edgeFeatures"] = torch.rand(len(b["edgeSource"]), c["crystal"]["gaussianCount"])
        out["nodeCount"], out["count"] = b["nodeCount"], b["count"]
        return out
    if name == "composition":
        return {"elements": torch.tensor(b["elements"]), "set": torch.tensor(b["set"]), "count": b["count"],
                "fractions": torch.tensor(b["fractions"]).unsqueeze(1)}
    if name == "spectrum":
        return torch.rand(b["count"], 2, c["spectrum"]["points"])
    if name == "micrograph":
        s = c["micrograph"]["size"]
        return torch.randn(b["count"], 1, s, s)
    if name == "text":
        return {"ids": torch.tensor(b["ids"]).view(b["count"], -1), "mask": torch.tensor(b["mask"]).view(b["count"], -1)}
    return torch.randn(b["count"], 2 * len(c["properties"]["specs"]))


def main():
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    c = spec["config"]
    build = {"crystal": lambda: Crystal(c), "composition": lambda: Composition(c), "spectrum": lambda: Spectrum(c),
             "micrograph": lambda: Micrograph(c), "text": lambda: Text(c, spec["vocab"]), "properties": lambda: Properties(c)}
    out = {}
    for name, batches in spec["modalities"].items():
        model = build[name]()
        single, batch = tensors(name, batches["single"], c), tensors(name, batches["batch"], c)
        model.eval()
        with torch.no_grad():
            for _ in range(5):
                model(single)
            times = []
            for _ in range(spec["queries"]):
                t = time.perf_counter()
                model(single)
                times.append((time.perf_counter() - t) * 1e3)
        model.train()
        target = torch.full((1, c["dimension"]), c["dimension"] ** -0.5)
        cpu = []
        for step in range(spec["steps"] + 1):
            model.zero_grad()
            t = time.process_time()
            (model(batch) * target).sum().backward()
            if step:
                cpu.append((time.process_time() - t) * 1e3)
        times.sort()
        cpu.sort()
        out[name] = {"latency_ms": times[len(times) // 2], "train_cpu_ms": cpu[len(cpu) // 2]}
    print(json.dumps({"torch": torch.__version__, "modalities": out}))


if __name__ == "__main__":
    main()
