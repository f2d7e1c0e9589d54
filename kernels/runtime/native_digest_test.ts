// Tests of the library checksum: stable, sensitive to every byte and to
// the length, and the same for unaligned views of the same bytes.

import assert from "node:assert/strict";
import { quickDigest } from "./native_digest.ts";

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

Deno.test("quickDigest is stable and names the length", () => {
  const x = bytes(1000, 1);
  assert.equal(quickDigest(x), quickDigest(x.slice()));
  assert.match(quickDigest(x), /^1000-[0-9a-f]{32}$/);
  assert.match(quickDigest(new Uint8Array(0)), /^0-[0-9a-f]{32}$/);
});

Deno.test("quickDigest changes with every byte and with truncation", () => {
  for (const n of [1, 3, 4, 17, 64, 203]) {
    const x = bytes(n, n);
    const seen = new Set([quickDigest(x)]);
    for (let i = 0; i < n; i++) {
      const y = x.slice();
      y[i] ^= 1 << (i % 8);
      seen.add(quickDigest(y));
    }
    assert.equal(seen.size, n + 1, `n=${n}`);
    if (n > 1) {
      assert.notEqual(quickDigest(x.subarray(0, n - 1)), quickDigest(x));
    }
  }
  // Zero bytes appended still change it (the length is part of it).
  const z = new Uint8Array(8);
  assert.notEqual(quickDigest(z.subarray(0, 4)), quickDigest(z));
});

Deno.test("quickDigest reads unaligned views correctly", () => {
  const x = bytes(101, 7);
  const padded = new Uint8Array(104);
  padded.set(x, 3);
  assert.equal(quickDigest(padded.subarray(3, 104)), quickDigest(x));
});
