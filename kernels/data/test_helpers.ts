// Assertions shared by the kernels/data tests: a call must fail with a
// KernelError of a given code whose message contains given fragments.

import assert from "node:assert/strict";
import { KernelError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { toArray } from "../tensor.ts";

/** Asserts `fn` throws a KernelError `code` whose message contains every part. */
export function assertKernelError(
  fn: () => unknown,
  code: string,
  ...parts: string[]
): KernelError {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof KernelError,
    `expected a KernelError, got ${caught}`,
  );
  assert.equal(caught.code, code, caught.message);
  for (const p of parts) {
    assert.ok(caught.message.includes(p), `"${caught.message}" lacks "${p}"`);
  }
  return caught;
}

/** Asserts `t` has `dtype`, `shape` and the row-major `values`. */
export function assertTensor(
  t: Tensor,
  dtype: string,
  shape: number[],
  values: number[],
): void {
  assert.equal(t.dtype, dtype);
  assert.deepEqual([...t.shape], shape);
  assert.deepEqual(toArray(t), values);
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): [string, () => void] {
  const dir = Deno.makeTempDirSync({ prefix: "dl_data_test_" });
  return [dir, () => Deno.removeSync(dir, { recursive: true })];
}
