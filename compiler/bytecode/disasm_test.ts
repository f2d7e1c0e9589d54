// Tests the disassembler's listing and that opcode metadata is consistent.

import { strictEqual } from "node:assert";
import { lowerText } from "../ir/test_support.ts";
import { optimizeFn } from "../passes/pipeline.ts";
import { emitChunk } from "./chunk.ts";
import { disassemble } from "./disasm.ts";
import { opcodeName, OPCODES } from "./opcodes.ts";

Deno.test("disasm: lists pc, line:col, opcode and operands", () => {
  const fn = lowerText("fn f(n: int) -> int { n * 2 }\nprint(f(21))\n")
    .modules[0].body;
  optimizeFn(fn);
  strictEqual(
    disassemble(fn),
    `== <main> (module) params 0 regs 4 ==
0000          CLOSURE   r0 k0(<fn f>)
0001     2:1  GETGLOBAL r1 k1("print")
0002     2:7  MOVE      r2 r0
0003          LOADK     r3 k2(21)
0004     2:7  CALL      r2 1 -
0005     2:1  CALL      r1 1 -
0006          LOADUNIT  r1
0007          RET       r1

== f (fn) params 1 regs 2 ==
0000    1:23  MUL_RK    r1 r0 k0(2)
0001          RET       r1
`,
  );
});

Deno.test("disasm: the VM's fused pairs keep the second instruction in place", () => {
  const fn = lowerText(
    "fn fib(n: int) -> int {\n  if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\nprint(fib(5))\n",
  ).modules[0].body;
  optimizeFn(fn);
  const text = disassemble(fn, true);
  const body = text.slice(text.indexOf("== fib"));
  strictEqual(
    body.replace(/ +\d+:\d+ /g, " ").replace(/ +/g, " "),
    `== fib (fn) params 1 regs 5 ==
0000 JLT_RK_RET @2 r0 k0(2)
0001 RET r0
0002 SUB_RK r3 r0 k1(1)
0003 GETUPVAL_CALL r2 0
0004 CALL r2 1 -
0005 SUB_RK r4 r0 k0(2)
0006 GETUPVAL_CALL r3 0
0007 CALL r3 1 -
0008 ADD_RET r1 r2 r3
0009 RET r1
`,
  );
  strictEqual(disassemble(fn).includes("GETUPVAL_CALL"), false);
});

Deno.test("chunk: four words per instruction and a span for each", () => {
  const fn = lowerText("let x = 1 + 2\nprint(x)\n").modules[0].body;
  const c = emitChunk(fn);
  strictEqual(c.code.length, fn.code.length * 4);
  strictEqual(c.spans.length, fn.code.length);
  strictEqual(opcodeName(c.code[0]), OPCODES[fn.code[0].op].name);
});

Deno.test("opcodes: names are unique and every row has three roles", () => {
  const names = new Set(OPCODES.map((o) => o.name));
  strictEqual(names.size, OPCODES.length);
  for (const o of OPCODES) strictEqual(o.roles.length, 3, o.name);
});
