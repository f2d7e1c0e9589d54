// Every reader, fed mutated and truncated copies of valid files, either
// returns a tensor or throws a KernelError: never any other exception.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import { KernelError } from "../errors.ts";
import { parseCsv } from "./csv.ts";
import { readIdx, writeIdx } from "./idx.ts";
import { readNpy, writeNpy } from "./npy.ts";
import { readSafetensors, writeSafetensors } from "./safetensors.ts";

/** A small deterministic generator (LCG) so failures reproduce. */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function mutants(good: Uint8Array, count: number, seed: number): Uint8Array[] {
  const r = lcg(seed), out: Uint8Array[] = [];
  for (let i = 0; i <= good.length; i++) out.push(good.subarray(0, i));
  for (let k = 0; k < count; k++) {
    const m = new Uint8Array(good);
    for (let j = 0, n = 1 + r(4); j < n; j++) m[r(m.length)] = r(256);
    out.push(m);
  }
  return out;
}

function survives(
  read: (b: Uint8Array) => unknown,
  inputs: Uint8Array[],
): number {
  let errors = 0;
  for (const b of inputs) {
    try {
      read(b);
    } catch (e) {
      assert.ok(e instanceof KernelError, `${e} for bytes [${[...b]}]`);
      errors++;
    }
  }
  return errors;
}

const t = fromFlat([1, 2, 3, 4, 5, 6], [2, 3], "f32");

Deno.test("robustness: IDX (plain and gzip)", () => {
  const n = survives(readIdx, [
    ...mutants(writeIdx(t), 400, 1),
    ...mutants(writeIdx(t, { gzip: true }), 400, 2),
  ]);
  assert.ok(n > 400, "most mutants are rejected");
});

Deno.test("robustness: npy", () => {
  assert.ok(survives(readNpy, mutants(writeNpy(t), 800, 3)) > 300);
});

Deno.test("robustness: safetensors", () => {
  const good = writeSafetensors([["w", t], ["b", fromFlat([1], [1], "i32")]], {
    k: "v",
  });
  assert.ok(survives(readSafetensors, mutants(good, 800, 4)) > 300);
});

Deno.test("robustness: CSV", () => {
  const good = new TextEncoder().encode('a,"b"\n1,2\n"3",4e5\n');
  const dec = new TextDecoder();
  const n = survives(
    (b) => parseCsv(dec.decode(b), { header: true }),
    mutants(good, 800, 5),
  );
  assert.ok(n > 100);
});
