// Tests of the Wasm heap's allocator: alignment, reuse after free,
// coalescing, growth keeping old views valid, heap views and their
// bookkeeping, and the failures it reports as values.

import assert from "node:assert/strict";
import {
  HEAP_MAX_PAGES,
  heapAlloc,
  heapFree,
  heapOffsetOf,
  heapRelease,
  heapStats,
  heapView,
  LAUNCH_SCRATCH,
  wasmHeap,
} from "./wasm_heap.ts";
import { heapOps } from "./wasm_heap_ops.ts";

function memory(): WebAssembly.Memory {
  const m = wasmHeap();
  if (typeof m === "string") throw new Error(m);
  return m;
}

Deno.test("wasm heap: one shared memory, made once", () => {
  const m = memory();
  assert.equal(wasmHeap(), m);
  assert.ok(m.buffer instanceof SharedArrayBuffer);
});

Deno.test("wasm heap: blocks are 16-byte aligned, disjoint, never at 0", () => {
  const sizes = [1, 3, 16, 17, 100, 4095, 0];
  const got = sizes.map((s) => [heapAlloc(s), Math.max(16, s)] as const);
  for (const [at] of got) {
    assert.ok(at > 0, `block at ${at}`);
    const scratchEnd = LAUNCH_SCRATCH.at + LAUNCH_SCRATCH.bytes;
    assert.ok(at >= scratchEnd, `block at ${at} is in the launch scratch`);
    assert.equal(at % 16, 0, `block at ${at} is not 16-byte aligned`);
  }
  const sorted = [...got].sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < sorted.length; i++) {
    const [prev, size] = sorted[i - 1];
    assert.ok(sorted[i][0] >= prev + size, "blocks overlap");
  }
  for (const [at] of got) heapFree(at);
});

Deno.test("wasm heap: a freed block is reused for the same size", () => {
  const guard0 = heapAlloc(32);
  const a = heapAlloc(1000);
  const guard = heapAlloc(32); // keeps `a` off the top
  heapFree(a);
  assert.equal(heapAlloc(1000), a, "same size: the freed block");
  heapFree(a);
  assert.equal(heapAlloc(990), a, "a smaller size: the freed block too");
  const mem0 = heapStats().bytes;
  for (let i = 0; i < 100; i++) heapFree(heapAlloc(1000)); // a steady loop
  assert.equal(heapStats().bytes, mem0, "a steady loop does not grow");
  for (const x of [a, guard, guard0]) heapFree(x);
});

Deno.test("wasm heap: neighbours coalesce; a larger block splits", () => {
  const g0 = heapAlloc(16);
  const a = heapAlloc(1024), b = heapAlloc(1024), c = heapAlloc(1024);
  const g1 = heapAlloc(16); // c is not the top block
  assert.equal(b, a + 1024);
  assert.equal(c, b + 1024);
  const free0 = heapStats().freeBlocks;
  heapFree(a);
  heapFree(c);
  assert.equal(heapStats().freeBlocks, free0 + 2);
  heapFree(b); // joins a and c into one block
  assert.equal(heapStats().freeBlocks, free0 + 1);
  assert.equal(heapAlloc(3072), a, "the merged block serves 3 KiB");
  heapFree(a);
  const small = heapAlloc(512);
  assert.equal(small, a, "best fit splits the free block");
  const rest = heapAlloc(2560);
  assert.equal(rest, a + 512, "the rest of the split block is free");
  for (const x of [small, rest, g0, g1]) heapFree(x);
});

Deno.test("wasm heap: freeing the top block gives the space back to the top", () => {
  const a = heapAlloc(5000);
  heapFree(a);
  const free0 = heapStats().freeBlocks;
  const b = heapAlloc(80_000);
  assert.equal(b, a, "the top block starts where the freed one did");
  heapFree(b);
  assert.equal(heapStats().freeBlocks, free0);
});

Deno.test("wasm heap: growth keeps old views valid and their contents intact", () => {
  const m = memory();
  const v = heapView("f32", 1000) as Float32Array;
  for (let i = 0; i < v.length; i++) v[i] = i * 0.5;
  const oldBuffer = m.buffer, before = m.buffer.byteLength;
  const big = heapAlloc(before + (8 << 20)); // must grow the memory
  assert.ok(big > 0);
  assert.ok(m.buffer.byteLength > before, "the memory grew");
  assert.notEqual(m.buffer, oldBuffer);
  for (let i = 0; i < v.length; i++) assert.equal(v[i], i * 0.5);
  // The old view and a view over the new buffer see the same bytes.
  const again = new Float32Array(m.buffer, heapOffsetOf(v), v.length);
  again[7] = 123;
  assert.equal(v[7], 123);
  v[8] = -4;
  assert.equal(again[8], -4);
  heapFree(big);
  heapRelease(v);
});

Deno.test("wasm heap: views are zeroed, known by offset, released once", () => {
  const stale = heapView("f64", 64) as Float64Array;
  stale.fill(7);
  const at = heapOffsetOf(stale);
  heapRelease(stale);
  assert.equal(heapOffsetOf(stale), -1, "a released view is forgotten");
  const live0 = heapStats();
  const v = heapView("f64", 64) as Float64Array;
  assert.equal(heapOffsetOf(v), at, "the block was reused");
  assert.ok(v.every((x) => x === 0), "a reused block is zeroed");
  assert.equal(v.byteOffset, at);
  assert.equal(heapStats().liveBlocks, live0.liveBlocks + 1);
  assert.equal(heapStats().liveBytes, live0.liveBytes + 512);
  for (const dt of ["f32", "i32", "bool", "i8"] as const) {
    const w = heapView(dt, 5)!;
    assert.equal(w.length, 5);
    assert.equal(heapOffsetOf(w) % 16, 0);
    assert.equal(heapOffsetOf(w.subarray(1)), -1, "a subarray is no view");
    heapRelease(w);
  }
  assert.equal(heapOffsetOf(new Float64Array(64)), -1);
  heapRelease(v);
  heapRelease(v); // twice: nothing
  heapRelease(new Float32Array(4)); // not a heap view: nothing
  heapFree(12345); // not a block: nothing
  assert.equal(heapStats().liveBlocks, live0.liveBlocks);
  assert.equal(heapStats().liveBytes, live0.liveBytes);
});

Deno.test("wasm heap: impossible requests are -1 / null, not exceptions", () => {
  const live = heapStats().liveBlocks;
  assert.equal(heapAlloc(HEAP_MAX_PAGES * 65536 + 16), -1);
  assert.equal(heapAlloc(-1), -1);
  assert.equal(heapAlloc(NaN), -1);
  assert.equal(heapView("f64", HEAP_MAX_PAGES * 8192), null);
  assert.equal(heapView("f32", -3), null);
  assert.equal(heapView("f32", 1.5), null);
  assert.equal(heapStats().liveBlocks, live);
});

Deno.test("wasm heap: heapOps zero and copy exactly the bytes asked", () => {
  const ops = heapOps();
  assert.ok(ops !== null);
  const a = heapView("f32", 37)!, b = heapView("f32", 37)!;
  for (let i = 0; i < 37; i++) a[i] = i + 1, b[i] = -1;
  ops.copy(heapOffsetOf(b) + 8, heapOffsetOf(a) + 4, 33 * 4);
  assert.deepEqual(
    Array.from(b),
    [-1, -1, ...Array.from({ length: 33 }, (_, i) => i + 2), -1, -1],
  );
  ops.zero(heapOffsetOf(a) + 4, 35 * 4);
  assert.deepEqual(Array.from(a), [1, ...new Array(35).fill(0), 37]);
});
