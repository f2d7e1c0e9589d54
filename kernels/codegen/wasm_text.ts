// Prints dl's Wasm module descriptions (wasm_encoder.ts) as readable text in
// the WebAssembly text format's flat style, for DL_DEBUG=4.

import type { WasmFunc, WasmModuleDesc } from "./wasm_encoder.ts";
import { type Instr, ISA, VALTYPE, type ValType } from "./wasm_isa.ts";

const TYPE_NAME = new Map<number, ValType>(
  (Object.keys(VALTYPE) as ValType[]).map((k) => [VALTYPE[k], k]),
);

function immText(i: Instr): string {
  const kind = ISA[i.op].imm;
  switch (kind) {
    case "none":
    case "mem0":
    case "mem00":
      return "";
    case "mem": {
      const off = i.imm[1] ?? 0;
      return (off !== 0 ? ` offset=${off}` : "") + ` align=${2 ** i.imm[0]}`;
    }
    case "block":
      return i.imm.length === 0
        ? ""
        : ` (result ${TYPE_NAME.get(i.imm[0]) ?? "?"})`;
    case "v128":
      return " i32x4 " + i.imm.map((v) => `0x${(v >>> 0).toString(16)}`)
        .join(" ");
    default:
      return " " + i.imm.join(" ");
  }
}

/** The text of an instruction list, one instruction a line, nested blocks indented. */
export function printInstrs(body: readonly Instr[], indent = 2): string {
  const lines: string[] = [];
  let depth = 0;
  for (const i of body) {
    if (i.op === "end" || i.op === "else") depth--;
    lines.push(" ".repeat(indent + 2 * Math.max(depth, 0)) + i.op + immText(i));
    if (
      i.op === "block" || i.op === "loop" || i.op === "if" || i.op === "else"
    ) depth++;
  }
  return lines.join("\n");
}

function funcText(f: WasmFunc, idx: number): string {
  const params = f.params.map((p, i) => `(param $${i} ${p})`).join(" ");
  const results = f.results.map((r) => `(result ${r})`).join(" ");
  const locals = f.locals.map((l, i) => `(local $${f.params.length + i} ${l})`)
    .join(" ");
  const head = [
    `(func $${f.name}`,
    f.exported ? `(export "${f.name}")` : "",
    params,
    results,
  ].filter((s) => s !== "").join(" ");
  const local = locals === "" ? "" : `\n  ${locals}`;
  return `${head}  ;; ${idx}${local}\n${printInstrs(f.body)})`;
}

/** The whole module as text. */
export function printModule(m: WasmModuleDesc): string {
  const parts: string[] = ["(module"];
  if (m.memory !== undefined) {
    const mem = m.memory;
    const sh = mem.shared ? " shared" : "";
    parts.push(
      mem.imported
        ? `(import "env" "memory" (memory ${mem.min} ${mem.max}${sh}))`
        : `(memory (export "memory") ${mem.min} ${mem.max}${sh})`,
    );
  }
  const imports = m.imports ?? [];
  imports.forEach((f, i) => {
    const ps = f.params.map((p) => ` (param ${p})`).join("");
    const rs = f.results.map((r) => ` (result ${r})`).join("");
    parts.push(
      `(import "env" "${f.name}" (func $${f.name}${ps}${rs}))  ;; ${i}`,
    );
  });
  m.funcs.forEach((f, i) => parts.push(funcText(f, imports.length + i)));
  return parts.join("\n") + ")\n";
}
