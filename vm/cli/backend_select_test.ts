// Tests for applying the backend choice: a named backend starts at once (or
// is a one-line error, exit 1); `auto` waits for the first GEMM, then takes
// native, else wasm, else js. Fake native/wasm backends stand in for the
// real ones, which are re-registered afterwards.

import assert from "node:assert/strict";
import type { CpuBackend } from "../../kernels/runtime/gemm_contract.ts";
import { jsBackend } from "../../kernels/runtime/js_backend.ts";
import { nativeBackend } from "../../kernels/runtime/native_backend.ts";
import { wasmBackend } from "../../kernels/runtime/wasm_backend.ts";
import {
  activeBackend,
  registerBackend,
  selectBackend,
} from "../../kernels/runtime/mod.ts";
import { applyCpuChoice } from "./backend_select.ts";
import { StringSink } from "./io.ts";

function fake(name: "native" | "wasm", why: string | null, log: string[]) {
  const b: CpuBackend = {
    ...jsBackend,
    name,
    init: (o) => {
      log.push(`${name} init ${o.threads}`);
      return why;
    },
  };
  registerBackend(b);
}

function withFakes(fn: (log: string[]) => void): void {
  const log: string[] = [];
  try {
    fn(log);
  } finally {
    registerBackend(nativeBackend);
    registerBackend(wasmBackend);
    selectBackend("js", { threads: 1 });
  }
}

const con = () => ({
  stdout: new StringSink(),
  stderr: new StringSink(),
  color: false,
});

Deno.test("a named backend starts now; one that cannot is exit 1", () => {
  withFakes((log) => {
    fake("native", "no compiler here", log);
    fake("wasm", null, log);
    const c = con();
    assert.equal(applyCpuChoice(c, { backend: "wasm", threads: 3 }), null);
    assert.deepEqual(log, ["wasm init 3"]);
    assert.equal(activeBackend().name, "wasm");
    assert.equal(applyCpuChoice(c, { backend: "native", threads: 2 }), 1);
    assert.equal(
      c.stderr.text(),
      "error: cannot use backend `native`: no compiler here\n",
    );
    assert.equal(activeBackend().name, "wasm");
  });
});

Deno.test("auto starts nothing until the first GEMM, then falls back", () => {
  withFakes((log) => {
    fake("native", "no compiler here", log);
    fake("wasm", "no SIMD", log);
    assert.equal(applyCpuChoice(con(), { backend: "auto", threads: 2 }), null);
    assert.deepEqual(log, []);
    assert.equal(activeBackend().name, "js");
    assert.deepEqual(log, ["native init 2", "wasm init 2"]);
  });
  withFakes((log) => {
    fake("native", null, log);
    fake("wasm", null, log);
    assert.equal(applyCpuChoice(con(), undefined), null);
    assert.equal(activeBackend().name, "native");
    assert.equal(log.length, 1);
  });
});
