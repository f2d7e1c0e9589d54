"""A tiny safetensors reader and writer for PyTorch (Debian ships no
python3-safetensors): an 8-byte little-endian header length, a JSON header of
{name: {dtype, shape, data_offsets}} padded with spaces to 8 bytes, then the
raw little-endian tensor data."""

import json
import struct

import torch

DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}


def read(path):
    """Returns ({name: tensor}, metadata) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: too short")
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    body = raw[8 + n :]
    meta = header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        start, stop = info["data_offsets"]
        if not 0 <= start <= stop <= len(body):
            raise ValueError(f"{path}: {name} has bad data_offsets")
        dtype = DTYPES[info["dtype"]]
        shape = info["shape"]
        chunk = bytearray(body[start:stop])
        count = 1
        for d in shape:
            count *= d
        if count == 0:
            out[name] = torch.zeros(shape, dtype=dtype)
            continue
        t = torch.frombuffer(chunk, dtype=dtype)
        if t.numel() != count:
            raise ValueError(f"{path}: {name} holds {t.numel()} values, shape {shape}")
        out[name] = t.reshape(shape).clone()
    return out, meta


def write(path, tensors, metadata=None):
    """Writes {name: tensor} as safetensors (names sorted, like the reference)."""
    header = {}
    chunks = []
    at = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {
            "dtype": NAMES[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [at, at + len(data)],
        }
        chunks.append(data)
        at += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)
