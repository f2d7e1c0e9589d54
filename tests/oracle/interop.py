"""Safetensors interchange between dl and PyTorch, both directions.

  interop.py export DIR  writes what PyTorch makes for dl to read:
      torch_state.safetensors  a Net's state_dict (PyTorch names and layouts)
      torch_io.safetensors     an input x and the Net's output y
      dtypes.safetensors       f64, i32, bool and special f32 values
  interop.py check DIR   reads what tests/oracle/interop/roundtrip.dl wrote:
      dl_state.safetensors + dl_io.safetensors  loaded into the same Net
          (load_state_dict, strict), its output compared with dl's
      from_torch.safetensors  dl's output of PyTorch's weights on PyTorch's x
      back.safetensors        dtypes.safetensors as dl saved it again (exact)
  and prints a JSON report {"ok", "problems", "errors"}."""

import json
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import st_io  # noqa: E402

torch.set_num_threads(1)


class Net(nn.Module):
    """The same layers, names and shapes as roundtrip.dl's Net."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc1 = nn.Linear(32, 8)
        self.ln = nn.LayerNorm(8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        h = torch.flatten(torch.relu(self.conv(x)), 1)
        return self.fc2(torch.relu(self.ln(self.fc1(h))))


def dtypes():
    return {
        "a": torch.tensor([1.5, -2.25, 1e-300], dtype=torch.float64),
        "b": torch.tensor([[1, -2], [2147483647, -2147483648]], dtype=torch.int32),
        "c": torch.tensor([0.1, -0.0, math.inf, -math.inf, 3.4e38], dtype=torch.float32),
        "d": torch.tensor([True, False]),
    }


def export(d):
    torch.manual_seed(0)
    net = Net()
    with torch.no_grad():
        net.ln.weight.uniform_(0.5, 1.5)
        net.ln.bias.uniform_(-0.2, 0.2)
    x = torch.randn(2, 1, 6, 6)
    st_io.write(os.path.join(d, "torch_state.safetensors"), net.state_dict())
    st_io.write(os.path.join(d, "torch_io.safetensors"), {"x": x, "y": net(x)})
    st_io.write(os.path.join(d, "dtypes.safetensors"), dtypes())


def rel(a, b):
    a, b = a.detach().double(), b.detach().double()
    if a.shape != b.shape:
        return math.inf
    return (a - b).abs().max().item() / max(b.abs().max().item(), 1e-6)


def check(d):
    problems, errors = [], {}
    read = lambda n: st_io.read(os.path.join(d, n))[0]
    net = Net()
    state = read("dl_state.safetensors")
    missing = net.load_state_dict(state, strict=True)
    if missing.missing_keys or missing.unexpected_keys:
        problems.append(f"state_dict mismatch: {missing}")
    io = read("dl_io.safetensors")
    errors["dl_weights_in_torch"] = rel(io["y"], net(io["x"]))
    tio = read("torch_io.safetensors")
    errors["torch_weights_in_dl"] = rel(read("from_torch.safetensors")["y"], tio["y"])
    for k, v in errors.items():
        if not v <= 1e-5:
            problems.append(f"{k}: relative error {v:.3g}")
    back = read("back.safetensors")
    for name, want in dtypes().items():
        got = back.get(name)
        if got is None or got.dtype != want.dtype or got.shape != want.shape:
            problems.append(f"back.{name}: {None if got is None else (got.dtype, list(got.shape))}")
        elif got.view(-1).numpy().tobytes() != want.view(-1).numpy().tobytes():
            problems.append(f"back.{name}: {got.tolist()} != {want.tolist()}")
    print(json.dumps({"ok": not problems, "problems": problems, "errors": errors}))


if __name__ == "__main__":
    {"export": export, "check": check}[sys.argv[1]](sys.argv[2])
