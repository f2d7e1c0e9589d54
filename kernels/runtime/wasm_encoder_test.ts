// Tests of the Wasm binary encoder, the text printer and module compilation.

import assert from "node:assert/strict";
import { encodeModule, sleb, uleb } from "../codegen/wasm_encoder.ts";
import { FuncBuilder, get, i32, op, opi } from "../codegen/wasm_dsl.ts";
import { printModule } from "../codegen/wasm_text.ts";
import {
  compileWasm,
  hasRelaxedSimd,
  hasSimd,
  RELAXED_PROBE,
  SIMD_PROBE,
} from "./wasm_modules.ts";
import { ins, type Op } from "../codegen/wasm_isa.ts";

Deno.test("uleb and sleb encode LEB128", () => {
  assert.deepEqual(uleb(0), [0]);
  assert.deepEqual(uleb(127), [127]);
  assert.deepEqual(uleb(128), [0x80, 0x01]);
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(uleb(2 ** 32 - 1), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(sleb(0), [0]);
  assert.deepEqual(sleb(63), [63]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.deepEqual(sleb(-1), [0x7f]);
  assert.deepEqual(sleb(-64), [0x40]);
  assert.deepEqual(sleb(-65), [0xbf, 0x7f]);
  assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(sleb(-(2 ** 31)), [0x80, 0x80, 0x80, 0x80, 0x78]);
});

/** sum(n) = 0 + 1 + … + (n-1) with a counted loop; axpy4 over memory. */
function tinyModule() {
  const f = new FuncBuilder("sum", ["i32"], ["i32"]);
  const i = f.local("i32"), s = f.let("i32", i32(0));
  f.forRange(i, i32(0), get(0), i32(1), () => f.inc(s, get(i)));
  f.emit(get(s));
  const g = new FuncBuilder("axpy4", ["i32", "i32"]); // y[0:4] += 2·x[0:4]
  g.store(
    "v128.store",
    get(1),
    op(
      "f32x4.add",
      opi("v128.load", [4], get(1)),
      op(
        "f32x4.mul",
        opi("v128.load", [4], get(0)),
        [{
          op: "v128.const",
          imm: [0x40000000, 0x40000000, 0x40000000, 0x40000000],
        }],
      ),
    ),
  );
  return {
    memory: { imported: false, shared: false, min: 1, max: 2 },
    funcs: [f.finish(), g.finish()],
  };
}

Deno.test("a tiny module validates and runs", () => {
  const bytes = encodeModule(tinyModule());
  assert.ok(WebAssembly.validate(bytes));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const ex = inst.exports as {
    sum(n: number): number;
    axpy4(x: number, y: number): void;
    memory: WebAssembly.Memory;
  };
  assert.equal(ex.sum(0), 0);
  assert.equal(ex.sum(10), 45);
  assert.equal(ex.sum(-3), 0);
  const f = new Float32Array(ex.memory.buffer);
  f.set([1, 2, 3, 4], 0);
  f.set([10, 20, 30, 40], 4);
  ex.axpy4(0, 16);
  assert.deepEqual([...f.subarray(4, 8)], [12, 24, 36, 48]);
});

Deno.test("an invalid body is rejected by compileWasm, not instantiated", () => {
  const f = new FuncBuilder("bad", [], ["i32"]);
  f.emit(op("f32.add", i32(1), i32(2))); // i32 operands to f32.add
  const r = compileWasm("test-invalid", () => ({ funcs: [f.finish()] }));
  assert.equal(r.ok, false);
});

Deno.test("the text printer shows functions, locals and nesting", () => {
  const text = printModule(tinyModule());
  assert.match(text, /^\(module/);
  assert.match(
    text,
    /\(func \$sum \(export "sum"\) \(param \$0 i32\) \(result i32\)/,
  );
  assert.match(text, /\(local \$1 i32\) \(local \$2 i32\)/);
  // the loop is nested inside the block
  assert.ok(text.includes("\n    loop\n      local.get 2\n"));
  assert.match(text, /v128.load align=16/);
  assert.match(text, /i32x4 0x40000000/);
});

Deno.test("this engine has SIMD128 and relaxed SIMD", () => {
  assert.ok(hasSimd());
  assert.equal(typeof hasRelaxedSimd(), "boolean");
});

Deno.test("the feature probes are what the encoder writes", () => {
  const mk = (ops: Op[]) =>
    encodeModule({
      funcs: [{
        name: "probe",
        params: [],
        results: ["v128"],
        locals: [],
        body: ops.map((o) => o === "v128.const" ? ins(o, 0, 0, 0, 0) : ins(o)),
        exported: true,
      }],
    });
  assert.deepEqual(SIMD_PROBE, mk(["v128.const", "v128.const", "f32x4.add"]));
  assert.deepEqual(
    RELAXED_PROBE,
    mk(["v128.const", "v128.const", "v128.const", "f32x4.relaxed_madd"]),
  );
});
