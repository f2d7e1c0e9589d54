// Tests for SmallMap: Map semantics across the switch from fields to a Map.

import assert from "node:assert/strict";
import { SmallMap } from "./small_map.ts";

function entries<V>(m: SmallMap<V>): [string, V][] {
  const out: [string, V][] = [];
  m.forEach((v, k) => out.push([k, v]));
  return out;
}

Deno.test("SmallMap: get/has/set like a Map, in insertion order", () => {
  for (const n of [0, 1, 3, 4, 5, 9]) {
    const m = new SmallMap<number>();
    const ref = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      m.set(`k${i}`, i);
      ref.set(`k${i}`, i);
    }
    // Replacing keeps the original position.
    if (n > 1) {
      m.set("k1", 100);
      ref.set("k1", 100);
    }
    assert.deepEqual(entries(m), [...ref]);
    for (let i = 0; i <= n; i++) {
      assert.equal(m.get(`k${i}`), ref.get(`k${i}`));
      assert.equal(m.has(`k${i}`), ref.has(`k${i}`));
    }
    assert.equal(m.get("absent"), undefined);
  }
});

Deno.test("SmallMap: forEach binds this", () => {
  const m = new SmallMap<string>();
  m.set("a", "x");
  m.set("b", "y");
  const seen: string[] = [];
  m.forEach(function (this: string[], v) {
    this.push(v);
  }, seen);
  assert.deepEqual(seen, ["x", "y"]);
});
