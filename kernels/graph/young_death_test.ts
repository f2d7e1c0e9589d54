// A training step's tensors must die young: after the step, a minor GC (a
// scavenge) alone frees their storage. Things that broke this before:
// WeakMap entries whose value led back to their key (the traced node of a
// tensor, the leaves over a storage), which V8's scavenger keeps alive, and
// the hash-consing table holding the last graphs. Storage that outlives a
// scavenge moves to the old generation and waits for a full collection, and
// the C heap grows by it (docs/performance.md, "Young collections").

import assert from "node:assert/strict";
import { traceGrad } from "../autodiff/grad.ts";
import { binary, matmul, reduce, unary } from "./traced.ts";
import { leafExpr, prepareWrite } from "./expr.ts";
import { bumpVersion } from "./version.ts";
import { Tensor } from "../tensor.ts";
import { withJit } from "../jit/config.ts";
import { minorGc } from "../runtime/young_gc.ts";

type GcFn = (opts?: { type?: "major" | "minor" }) => void;
const gc = (globalThis as { gc?: GcFn }).gc;

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs one traced step over fresh tensors; registers their storage in `reg`. */
function step(w: Tensor, reg: FinalizationRegistry<string>): number {
  const x = Tensor.zeros("f32", [16, 32]);
  x.data.fill(0.5);
  reg.register(x.data, "input");
  const r = traceGrad([w], ([wl]) => {
    const h = matmul(x, wl);
    reg.register(h.data, "matmul output");
    const a = unary("relu", binary("add", h, { kind: "float", value: 1 }));
    leafExpr(h);
    return reduce("sum", binary("mul", a, a), {});
  }, (t) => t);
  const g = r.grads[0];
  return g.data[0];
}

Deno.test({
  name: "young death: a traced step's storage is freed by minor GCs alone",
  ignore: gc === undefined,
  fn: async () => {
    const freed = new Set<string>();
    let count = 0;
    const reg = new FinalizationRegistry<string>((what) => {
      freed.add(what);
      count++;
    });
    const w = Tensor.zeros("f32", [32, 8]);
    w.data.fill(0.25);
    const sum = withJit(true, () => {
      let s = 0;
      for (let i = 0; i < 4; i++) s += step(w, reg);
      return s;
    }, 0);
    assert.ok(sum > 0);
    gc!({ type: "minor" });
    gc!({ type: "minor" });
    await nextTask();
    assert.deepEqual([...freed].sort(), ["input", "matmul output"]);
    assert.equal(count, 8, "every step's input and matmul output");
  },
});

Deno.test("young death: a write in place still leaves pending values as they were", () => {
  withJit(true, () => {
    const p = Tensor.zeros("f32", [4]);
    p.data.set([1, 2, 3, 4]);
    const y = binary("mul", p, { kind: "float", value: 2 }); // pending, reads p through a leaf
    assert.ok(y.isPending);
    prepareWrite(p.data);
    p.data.set([10, 20, 30, 40]);
    bumpVersion(p.data);
    const z = binary("mul", p, { kind: "float", value: 2 }); // a new leaf at the new version
    assert.deepEqual([...y.data], [2, 4, 6, 8]);
    assert.deepEqual([...z.data], [20, 40, 60, 80]);
  }, 0);
});

Deno.test({
  name:
    "young death: a computed pending tensor's aliases do not keep its leaves",
  ignore: gc === undefined,
  fn: async () => {
    let freed = 0;
    const reg = new FinalizationRegistry<string>(() => freed++);
    const alias = withJit(true, () => {
      const x = Tensor.zeros("f32", [64]);
      x.data.fill(3);
      reg.register(x.data, "leaf storage");
      const y = binary("mul", x, { kind: "float", value: 2 });
      const z = y.alias(); // shares y's box, not yet read
      assert.equal(y.data[0], 6); // computes the box through y
      return z;
    }, 0);
    gc!();
    await nextTask();
    assert.equal(freed, 1, "the alias kept the expression and its leaf");
    assert.equal(alias.data[0], 6);
  },
});

Deno.test({
  name:
    "young death: the hash-consing table keeps no leaves once its store is old",
  ignore: gc === undefined,
  fn: async () => {
    let freed = 0;
    const reg = new FinalizationRegistry<string>(() => freed++);
    const op = (x: Tensor) => binary("mul", x, { kind: "float", value: 2 });
    // Interned nodes held through two scavenges: the table's entry store
    // moves to the old generation (as in a long training loop).
    const held = withJit(true, () => op(Tensor.zeros("f32", [8])), 0);
    gc!({ type: "minor" });
    gc!({ type: "minor" });
    assert.ok(held.isPending);
    const steps = 20;
    for (let i = 0; i < steps; i++) {
      withJit(true, () => {
        const x = Tensor.zeros("f32", [64]);
        reg.register(x.data, "leaf storage");
        op(x); // pending, interned with a leaf over x
      }, 0);
      minorGc(); // empties the table, then a scavenge
      await nextTask();
    }
    minorGc();
    await nextTask();
    assert.ok(
      freed >= steps - 1,
      `${steps - freed} of ${steps} leaf storages outlived their scavenges`,
    );
  },
});
