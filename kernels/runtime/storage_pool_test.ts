// Tests of the storage pool (storage_pool.ts): liveness through the GC,
// reuse of exact sizes, zero-filling, the cap and the switch. They force
// collections with globalThis.gc, so they need --v8-flags=--expose-gc (./test
// passes it); without it they are ignored.

import assert from "node:assert/strict";
import {
  allocPooled,
  onFirstBigStorage,
  POOL_LIMITS,
  poolStats,
  reclaim,
  reclaimWanted,
  setAutoPooling,
  setPoolBacking,
  setStoragePooling,
} from "./storage_pool.ts";
import { heapOffsetOf, wasmHeap } from "./wasm_heap.ts";
import { bumpVersion, versionOf } from "../graph/version.ts";
import { allocData, allocOutput, Tensor } from "../tensor.ts";
import { leafExpr } from "../graph/expr.ts";

const hasGc = typeof (globalThis as { gc?: unknown }).gc === "function";
const N = 8192; // f32 elements: 32 KB, above minBytes

/** Runs `fn` with pooling on and the default limits restored after. */
async function pooled(fn: () => Promise<void>): Promise<void> {
  const saved = { ...POOL_LIMITS };
  setStoragePooling(true);
  try {
    await fn();
  } finally {
    setStoragePooling(false);
    Object.assign(POOL_LIMITS, saved);
  }
}

/** Reclaims until `done()` holds (finalizers may lag one task); at most 5 times. */
async function reclaimUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 5 && !done(); i++) await reclaim();
}

/** Allocates pooled storage in a function frame of its own, fills it, drops it. */
function allocAndDrop(n: number): number {
  const d = allocPooled("f32", n)!;
  d.fill(7);
  return d.byteLength;
}

Deno.test("pool: disabled pooling returns null and allocData still zero-fills", () => {
  setStoragePooling(false);
  assert.equal(allocPooled("f32", N), null);
  const d = allocData("f32", N);
  assert.ok(d instanceof Float32Array && d.length === N);
  assert.ok(d.every((x) => x === 0));
});

Deno.test({
  name: "pool: storage smaller than minBytes is not pooled",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      assert.equal(allocPooled("f32", 16), null);
      assert.equal(allocPooled("bool", POOL_LIMITS.minBytes - 1), null);
      assert.ok(
        allocPooled("bool", POOL_LIMITS.minBytes) instanceof Uint8Array,
      );
      await reclaim();
    }),
});

Deno.test({
  name: "pool: a buffer whose typed array is referenced is never handed out",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      const kept = allocPooled("f32", N)!;
      kept.fill(3);
      await reclaim();
      await reclaim();
      const before = poolStats();
      const other = allocPooled("f32", N)!;
      assert.notEqual(other.buffer, kept.buffer);
      assert.equal(poolStats().fresh, before.fresh + 1);
      assert.ok(kept.every((x) => x === 3), "kept storage was overwritten");
      assert.ok(other.every((x) => x === 0));
    }),
});

Deno.test({
  name: "pool: a dropped array's buffer is reused, zero-filled, after reclaim",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      const bytes = allocAndDrop(N);
      await reclaimUntil(() => poolStats().freeBytes >= bytes);
      assert.ok(poolStats().freeBytes >= bytes, "nothing came back");
      const before = poolStats();
      const d = allocPooled("i32", N)!; // same byte length, other dtype
      assert.ok(d instanceof Int32Array && d.length === N);
      assert.equal(poolStats().reused, before.reused + 1);
      assert.equal(poolStats().freeBytes, before.freeBytes - bytes);
      assert.ok(d.every((x) => x === 0), "reused storage is not zero-filled");
    }),
});

Deno.test({
  name: "pool: a free buffer of another byte length is not used",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      const bytes = allocAndDrop(N);
      await reclaimUntil(() => poolStats().freeBytes >= bytes);
      const before = poolStats();
      const d = allocPooled("f32", N + 1)!;
      assert.equal(d.length, N + 1);
      assert.equal(poolStats().fresh, before.fresh + 1);
      assert.equal(poolStats().reused, before.reused);
    }),
});

Deno.test({
  name: "pool: past the cap since the last reclaim allocations are unpooled",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      await reclaim();
      POOL_LIMITS.budgetBytes = 2 * N * 4;
      POOL_LIMITS.capBytes = 3 * N * 4;
      const keep: (Float32Array | null)[] = [];
      for (let i = 0; i < 3; i++) {
        keep.push(allocPooled("f32", N) as Float32Array | null);
      }
      assert.ok(keep.every((d) => d !== null));
      assert.equal(reclaimWanted(), true);
      const over = poolStats().overCap;
      assert.equal(allocPooled("f32", N), null);
      assert.equal(poolStats().overCap, over + 1);
      const plain = allocData("f32", N);
      assert.ok(plain.length === N && plain.every((x) => x === 0));
      await reclaim();
      assert.equal(reclaimWanted(), false);
      assert.notEqual(allocPooled("f32", N), null);
    }),
});

Deno.test({
  name: "pool: the free lists drop the oldest buffers past maxFreeBytes",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      POOL_LIMITS.maxFreeBytes = 2 * N * 4;
      for (let i = 0; i < 4; i++) allocAndDrop(N);
      await reclaimUntil(() => poolStats().freeBytes >= 2 * N * 4);
      assert.equal(poolStats().freeBytes, 2 * N * 4);
    }),
});

/** A tensor that became a JIT leaf, then dropped: its storage must come back. */
function leafAndDrop(): number {
  const t = Tensor.zeros("f32", [N]);
  leafExpr(t);
  return t.data.byteLength;
}

Deno.test({
  name: "pool: storage that was a graph leaf is still reclaimed",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      const bytes = leafAndDrop();
      await reclaimUntil(() => poolStats().freeBytes >= bytes);
      assert.ok(
        poolStats().freeBytes >= bytes,
        "the leaf kept its storage alive",
      );
    }),
});

Deno.test({
  name: "pool: a loop that reclaims when wanted reuses and stays bounded",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      POOL_LIMITS.budgetBytes = 16 * N * 4;
      POOL_LIMITS.capBytes = 4 * POOL_LIMITS.budgetBytes;
      const start = poolStats();
      let acc = new Float32Array(N);
      for (let step = 0; step < 200; step++) {
        const x = Tensor.zeros("f32", [N]);
        const xd = x.data as Float32Array;
        for (let i = 0; i < N; i += 512) xd[i] = step;
        acc = acc.map((a, i) => a + xd[i]);
        if (reclaimWanted()) await reclaim();
      }
      const s = poolStats();
      assert.ok(s.reused - start.reused > 100, `only ${s.reused} reused`);
      assert.ok(s.fresh - start.fresh < 100, `${s.fresh} fresh`);
      assert.equal(s.overCap, start.overCap);
      assert.ok(s.liveBytes <= POOL_LIMITS.capBytes + N * 4);
      assert.equal(acc[0], (199 * 200) / 2);
      assert.equal(acc[1], 0);
    }),
});

Deno.test({
  name:
    "pool: with the wasm-heap backing, storage is a Wasm heap view, reused in place and zero-filled",
  ignore: !hasGc || typeof wasmHeap() === "string",
  fn: () =>
    pooled(async () => {
      setPoolBacking("wasm-heap");
      try {
        const first = (() => {
          const d = allocPooled("f32", N + 4)!;
          d.fill(3);
          return heapOffsetOf(d);
        })();
        assert.ok(first >= 0, "a heap view");
        const before = poolStats().reused;
        // Other tests' blocks may come back too: collect for certain.
        const gc = (globalThis as { gc?: () => void }).gc!;
        for (let i = 0; i < 2; i++) gc(), await reclaim();
        const again = allocPooled("f32", N + 4)!;
        assert.equal(poolStats().reused, before + 1);
        assert.equal(heapOffsetOf(again), first);
        assert.ok(again.every((x) => x === 0));
      } finally {
        setPoolBacking("array");
      }
    }),
});

Deno.test({
  name:
    "pool: with the wasm-heap backing, storage past maxBytes gets a heap block of its own, freed when collected",
  ignore: !hasGc || typeof wasmHeap() === "string",
  fn: () =>
    pooled(async () => {
      setPoolBacking("wasm-heap");
      POOL_LIMITS.maxBytes = 4 * N;
      try {
        const before = poolStats();
        const at = (() => {
          const d = allocPooled("f32", 2 * N)!;
          assert.ok(d.every((x) => x === 0), "zero-filled");
          d.fill(5);
          return heapOffsetOf(d);
        })();
        assert.ok(at >= 0, "a heap view");
        const gc = (globalThis as { gc?: () => void }).gc!;
        for (let i = 0; i < 2; i++) gc(), await reclaim();
        const s = poolStats();
        // (Other tests' blocks may come back too, so only bounds.)
        assert.ok(s.liveBytes <= before.liveBytes, "not freed");
        assert.ok(s.freeBytes - before.freeBytes < 2 * N * 4, "listed");
        POOL_LIMITS.maxHeapBytes = 4 * N;
        assert.equal(allocPooled("f32", 2 * N), null, "past maxHeapBytes");
      } finally {
        setPoolBacking("array");
      }
    }),
});

Deno.test({
  name:
    "pool: a budget of big storage wants a reclaim, and that reclaim frees a dead one that outlived scavenges",
  ignore: !hasGc || typeof wasmHeap() === "string",
  fn: () =>
    pooled(async () => {
      setPoolBacking("wasm-heap");
      POOL_LIMITS.maxBytes = 4 * N;
      POOL_LIMITS.budgetBytes = 16 * N; // two big blocks
      try {
        await reclaim();
        let freed = false;
        const reg = new FinalizationRegistry<string>(() => freed = true);
        (() => {
          const d = allocPooled("f32", 2 * N)!; // 64 KB: below the budget
          reg.register(d, "big");
        })();
        assert.equal(reclaimWanted(), false, "half a budget");
        // The dead block lives through two scavenges: old, as a program's
        // set-up copies are by the time its loop starts.
        const gc = globalThis as unknown as {
          gc: (o: { type: "minor" }) => void;
        };
        gc.gc({ type: "minor" });
        gc.gc({ type: "minor" });
        const keep = allocPooled("f32", 2 * N)!; // a budget of big storage
        assert.equal(reclaimWanted(), true, "a budget of big storage");
        const forced = poolStats().forcedGcs;
        await reclaim();
        assert.equal(poolStats().forcedGcs, forced + 1, "a full GC");
        await new Promise((r) => setTimeout(r, 0));
        assert.ok(freed, "the old dead block was collected");
        assert.equal(reclaimWanted(), false);
        void keep;
      } finally {
        setPoolBacking("array");
      }
    }),
});

Deno.test({
  name: "pool: allocOutput reuses a block without zeroing it; allocData zeroes",
  ignore: !hasGc,
  fn: () =>
    pooled(async () => {
      const bytes = allocAndDrop(N); // filled with 7
      await reclaimUntil(() => poolStats().freeBytes >= bytes);
      const before = poolStats().reused;
      const out = allocOutput("f32", N);
      assert.equal(poolStats().reused, before + 1);
      assert.equal(out[0], 7, "the block's old contents are kept");
      out.fill(0);
      void out;
    }),
});

Deno.test("versions: two storages over one buffer keep their own versions", () => {
  const buf = new ArrayBuffer(64);
  const a = new Float32Array(buf, 0, 8), b = new Float32Array(buf, 32, 8);
  const va = versionOf(a), vb = versionOf(b);
  bumpVersion(a);
  assert.equal(versionOf(a), va + 1);
  assert.equal(versionOf(b), vb);
});

Deno.test({
  name: "pool: auto pooling is on exactly while the backing is the Wasm heap",
  ignore: typeof wasmHeap() === "string",
  fn: () => {
    try {
      setAutoPooling(true);
      assert.equal(allocPooled("f32", N), null, "plain arrays: off");
      setPoolBacking("wasm-heap");
      const d = allocPooled("f32", N);
      assert.ok(d !== null && heapOffsetOf(d) >= 0, "wasm heap: on");
      setPoolBacking("array");
      assert.equal(allocPooled("f32", N), null, "off again");
    } finally {
      setAutoPooling(false);
      setPoolBacking("array");
      setStoragePooling(false);
    }
  },
});

Deno.test({
  name:
    "pool: the first-big-storage hook runs once, at the first heap storage past maxBytes",
  ignore: typeof wasmHeap() === "string",
  fn: () =>
    pooled(async () => {
      setPoolBacking("wasm-heap");
      let calls = 0;
      try {
        POOL_LIMITS.maxBytes = 4 * N;
        onFirstBigStorage(() => calls++);
        allocPooled("f32", N); // pooled size: not a data set
        assert.equal(calls, 0);
        allocPooled("f32", 2 * N);
        assert.equal(calls, 1);
        allocPooled("f32", 2 * N);
        assert.equal(calls, 1);
      } finally {
        onFirstBigStorage(null);
        setPoolBacking("array");
      }
      await Promise.resolve();
    }),
});
