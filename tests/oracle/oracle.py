"""PyTorch oracle for dl's gradients: for each case directory written by
tests/oracle/cases/NAME.dl (w = weights, x = inputs, g = gradients, o =
outputs, all safetensors), loads the same weights and inputs into torch,
recomputes the loss and gradients in f32 and prints one JSON report:
{"torch": version, "cases": {name: {"ok", "max_rel", "tensors": {name: rel}}}}.
The error of a tensor is max|dl - torch| / max(max|torch|, 1e-6).

Usage: /usr/bin/python3 oracle.py DIR [NAME...] [--tol 1e-4]"""

import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import st_io  # noqa: E402

torch.set_num_threads(1)


def load(d, name):
    path = os.path.join(d, name + ".safetensors")
    return st_io.read(path)[0] if os.path.exists(path) else {}


def params(w):
    """Weights as leaf tensors that require grad."""
    return {k: v.clone().requires_grad_(True) for k, v in w.items()}


def grads_of(loss, p):
    names = sorted(p)
    gs = torch.autograd.grad(loss, [p[n] for n in names], allow_unused=True)
    return {n: (g if g is not None else torch.zeros_like(p[n])) for n, g in zip(names, gs)}


def linear(p, prefix, x):
    return F.linear(x, p[prefix + ".weight"], p.get(prefix + ".bias"))


def input_grad(fn, x):
    x = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(fn(x), [x])
    return g


def mlp_ce(w, x):
    p = params(w)
    fwd = lambda q, inp: linear(q, "fc2", torch.relu(linear(q, "fc1", inp)))
    y = x["y"].long()
    loss = F.cross_entropy(fwd(p, x["x"]), y)
    return {"g": grads_of(loss, p), "o": {"loss": loss, "dx": input_grad(lambda i: F.cross_entropy(fwd(p, i), y), x["x"])}}


def mse(w, x):
    p = params(w)
    loss = F.mse_loss(linear(p, "fc2", torch.tanh(linear(p, "fc1", x["x"]))), x["y"])
    return {"g": grads_of(loss, p), "o": {"loss": loss}}


def layernorm(w, x):
    p = params(w)
    fwd = lambda i: F.layer_norm(linear(p, "fc", i), (8,), p["ln.weight"], p["ln.bias"], eps=1e-5)
    loss = F.mse_loss(fwd(x["x"]), x["y"])
    return {"g": grads_of(loss, p), "o": {"loss": loss, "dx": input_grad(lambda i: F.mse_loss(fwd(i), x["y"]), x["x"])}}


def conv(w, x):
    p = params(w)

    def fwd(i):
        h = F.max_pool2d(torch.relu(F.conv2d(i, p["conv1.weight"], p["conv1.bias"], padding=1)), 2)
        h = torch.relu(F.conv2d(h, p["conv2.weight"], p["conv2.bias"], stride=2))
        return linear(p, "fc", torch.flatten(h, 1))

    y = x["y"].long()
    loss = F.cross_entropy(fwd(x["x"]), y)
    return {"g": grads_of(loss, p), "o": {"loss": loss, "dx": input_grad(lambda i: F.cross_entropy(fwd(i), y), x["x"])}}


def value_and_dx(fn, x):
    xi = x.clone().requires_grad_(True)
    v = fn(xi)
    (g,) = torch.autograd.grad(v, [xi])
    return {"o": {"loss": v, "dx": g}}


def softmax(w, x):
    f = lambda i: (torch.softmax(i, -1) * x["a"]).sum() + (torch.log_softmax(i, 0) * x["b"]).sum()
    return value_and_dx(f, x["x"])


def activations(w, x):
    def f(i):
        h = F.gelu(i @ x["w"])
        s = torch.sigmoid(torch.tanh(h) * 2.0 + F.gelu(i))
        t = torch.sqrt(torch.exp(h * 0.3) + 1.0) + torch.log(s + 0.5) * torch.pow(s, 2.0)
        return (t * torch.tanh(F.gelu(t - 1.0))).mean()

    return value_and_dx(f, x["x"])


def reductions(w, x):
    v = x["w"]

    def f(i):
        a = torch.logsumexp(i, 1).sum() + i.std(0, unbiased=False).sum() + i.var(unbiased=False)
        b = i.max(1).values.sum() - (i.min(0).values * 0.5).sum() + i.abs().mean()
        c = (torch.maximum(i, v) * 0.3).sum() + (torch.clamp(i, -0.5, 0.7) * v).sum()
        return a + b + c + torch.where(i > v, i * i, i * 3.0).sum()

    return value_and_dx(f, x["x"])


def second_order(w, x):
    def f(i):
        h = torch.tanh(i @ x["w"]) * torch.sigmoid(i)
        return (F.gelu(h) * torch.exp(i * 0.2)).sum() + (h * h * i).sum()

    xi = x["x"].clone().requires_grad_(True)
    val = f(xi)
    (dx,) = torch.autograd.grad(val, [xi], create_graph=True)
    (hv,) = torch.autograd.grad((dx * x["v"]).sum(), [xi])
    return {"o": {"loss": val, "dx": dx, "hv": hv}}


def embedding(w, x):
    p = params(w)
    h = F.embedding(x["ids"].long(), p["emb.weight"]).mean(1)
    loss = F.cross_entropy(linear(p, "fc", h), x["y"].long())
    return {"g": grads_of(loss, p), "o": {"loss": loss}}


def optimizer_case(make):
    def run(w, x):
        p = params(w)
        y = x["y"].long()
        loss_of = lambda: F.cross_entropy(linear(p, "fc2", torch.relu(linear(p, "fc1", x["x"]))), y)
        first = grads_of(loss_of(), p)
        opt = make(list(p.values()))
        for _ in range(3):
            opt.zero_grad()
            loss_of().backward()
            opt.step()
        return {"g": first, "o": {k: v.detach() for k, v in p.items()}}

    return run


CASES = {
    "mlp_ce": mlp_ce,
    "mse": mse,
    "layernorm": layernorm,
    "conv": conv,
    "softmax": softmax,
    "activations": activations,
    "reductions": reductions,
    "second_order": second_order,
    "embedding": embedding,
    "adam": optimizer_case(lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "adamw": optimizer_case(lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1)),
    "sgd_momentum": optimizer_case(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    "rmsprop": optimizer_case(lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9)),
}


def rel_error(got, want):
    got = got.detach().double()
    want = want.detach().double()
    if got.shape != want.shape:
        return float("inf"), f"shape {list(got.shape)} != torch {list(want.shape)}"
    if want.numel() == 0:
        return 0.0, None
    scale = max(want.abs().max().item(), 1e-6)
    return (got - want).abs().max().item() / scale, None


def compare(d, expected, tol):
    tensors, problems = {}, []
    for group, want in expected.items():
        got = load(d, group)
        for name, t in want.items():
            key = f"{group}.{name}"
            if name not in got:
                problems.append(f"{key}: missing in dl's output")
                tensors[key] = None
                continue
            err, why = rel_error(got[name], t)
            tensors[key] = err
            if why:
                problems.append(f"{key}: {why}")
            elif not err <= tol:
                problems.append(f"{key}: relative error {err:.3g} > {tol}")
        for name in got:
            if name not in want:
                problems.append(f"{group}.{name}: dl has it, torch does not")
    errs = [e for e in tensors.values() if e is not None]
    return {
        "ok": not problems,
        "max_rel": max(errs) if errs else None,
        "tensors": tensors,
        "problems": problems,
    }


def main(argv):
    tol = 1e-4
    if "--tol" in argv:
        i = argv.index("--tol")
        tol = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    root, names = argv[0], argv[1:] or sorted(CASES)
    report = {"torch": torch.__version__, "tol": tol, "cases": {}}
    for name in names:
        d = os.path.join(root, name)
        try:
            if name not in CASES:
                raise KeyError(f"no torch case named {name}")
            expected = CASES[name](load(d, "w"), load(d, "x"))
            report["cases"][name] = compare(d, expected, tol)
        except Exception as e:  # reported as a failed case, not a crash
            report["cases"][name] = {"ok": False, "max_rel": None, "tensors": {}, "problems": [f"{type(e).__name__}: {e}"]}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
