#!/usr/bin/env python3
"""Cross-check Learning's safetensors I/O against the Python `safetensors` package.

Run from the repository root (any Python with `safetensors` and `numpy`, e.g. /tmp/peers):

    /tmp/peers/bin/python Scripts/learning/safetensors_check.py [--write-fixture]

1. Reads `Tests/LearningTests/Fixtures/safetensors/swift_written.safetensors` — the bytes that
   `Safetensors.encode` writes for the reference tensors below (the Swift test
   `SafetensorsTests.swiftWrittenFixtureIsCurrent` keeps that file byte-identical to the encoder) —
   with `safetensors.numpy.load_file` and checks every tensor bit for bit, plus the metadata.
2. With --write-fixture, writes `python_written.safetensors` with `safetensors.numpy.save_file`
   (the same tensors, some as float64/float16/bfloat16-representable values, plus metadata); the Swift
   test `SafetensorsTests.readsFileWrittenByPython` reads it back. Commit the file it writes.

Pinned: safetensors 0.8.0, numpy 2.4.6. Exit status 0 when every check passes.
"""
import argparse
import json
import pathlib
import struct
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures" / "safetensors"


def reference():
    """The reference tensors; SafetensorsTests.reference builds the same ones in Swift."""
    return {
        "layers.0.weight": (np.arange(6, dtype=np.float32) * 0.5 - 1.0).reshape(2, 3),
        "layers.0.bias": np.array([1e-8, -0.0, 3.4028235e38, 1.1754944e-38], dtype=np.float32),
        "scalar": np.array(3.25, dtype=np.float32),
        "empty": np.zeros((0, 2), dtype=np.float32),
    }


METADATA = {"format": "pt", "producer": "matlas-learning-fixture"}


def check_swift_written():
    path = FIXTURES / "swift_written.safetensors"
    loaded = load_file(str(path))
    expected = reference()
    ok = True
    if sorted(loaded) != sorted(expected):
        print(f"names differ: {sorted(loaded)} vs {sorted(expected)}")
        ok = False
    for name, want in expected.items():
        got = loaded.get(name)
        if got is None or got.dtype != np.float32 or got.shape != want.shape or got.tobytes() != want.tobytes():
            print(f"tensor {name!r} differs: {got!r} vs {want!r}")
            ok = False
    with safe_open(str(path), framework="numpy") as f:
        if f.metadata() != METADATA:
            print(f"metadata differs: {f.metadata()} vs {METADATA}")
            ok = False
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    print(f"read {path.name}: {len(loaded)} tensors, header {n} bytes, keys {sorted(header)}")
    return ok


def write_python_fixture():
    tensors = dict(reference())
    # Other dtypes Learning reads (converted to Float32), with values exact in each.
    tensors["as_f64"] = np.array([[0.5, -2.0], [1e-3, 7.0]], dtype=np.float64)
    tensors["as_f16"] = np.array([1.5, -0.25, 65504.0], dtype=np.float16)
    path = FIXTURES / "python_written.safetensors"
    save_file(tensors, str(path), metadata={"producer": "safetensors-python"})
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-fixture", action="store_true")
    args = parser.parse_args()
    if args.write_fixture:
        write_python_fixture()
    ok = check_swift_written()
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
