// The WebAssembly binary encoder: LEB128, instruction lists (wasm_isa.ts)
// and modules (types, an imported or own memory, functions, exports, code)
// into the bytes that `new WebAssembly.Module` takes.

import {
  type ImmKind,
  type Instr,
  ISA,
  type OpInfo,
  VALTYPE,
  type ValType,
} from "./wasm_isa.ts";

/** A function of a module: signature, extra locals, body (without `end`). */
export interface WasmFunc {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: readonly Instr[];
  /** Exported under its name when true. */
  readonly exported: boolean;
}

/** The module's linear memory, in 64 KiB pages. */
export interface WasmMemory {
  /** Imported as `env.memory` when true; else defined and exported as `memory`. */
  readonly imported: boolean;
  readonly shared: boolean;
  readonly min: number;
  readonly max: number;
}

/** A function imported as `env.<name>`; imports take function indices 0.. */
export interface WasmImport {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** A whole module. */
export interface WasmModuleDesc {
  readonly memory?: WasmMemory;
  readonly imports?: readonly WasmImport[];
  readonly funcs: readonly WasmFunc[];
}

/** A growable byte buffer. */
class Bytes {
  buf: Uint8Array<ArrayBuffer> = new Uint8Array(256);
  len = 0;
  push(b: number): void {
    if (this.len === this.buf.length) {
      const nb = new Uint8Array(this.buf.length * 2);
      nb.set(this.buf);
      this.buf = nb;
    }
    this.buf[this.len++] = b;
  }
  append(bs: ArrayLike<number>): void {
    for (let i = 0; i < bs.length; i++) this.push(bs[i]);
  }
  bytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(v: number): number[] {
  const out: number[] = [];
  let x = v >>> 0;
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

/** Signed LEB128 of an integer in the i32 range. */
export function sleb(v: number): number[] {
  const out: number[] = [];
  let x = v | 0;
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (b & 0x40) === 0) ||
      (x === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const f32buf = new DataView(new ArrayBuffer(8));

function encodeImm(out: Bytes, kind: ImmKind, imm: readonly number[]): void {
  switch (kind) {
    case "none":
      return;
    case "u32":
      return out.append(uleb(imm[0]));
    case "i32":
      return out.append(sleb(imm[0]));
    case "f32":
      f32buf.setFloat32(0, imm[0], true);
      for (let i = 0; i < 4; i++) out.push(f32buf.getUint8(i));
      return;
    case "f64":
      f32buf.setFloat64(0, imm[0], true);
      for (let i = 0; i < 8; i++) out.push(f32buf.getUint8(i));
      return;
    case "mem":
      out.append(uleb(imm[0]));
      return out.append(uleb(imm[1] ?? 0));
    case "block":
      return out.push(imm.length === 0 ? 0x40 : imm[0]);
    case "lane":
      return out.push(imm[0]);
    case "v128":
      for (let l = 0; l < 4; l++) {
        f32buf.setInt32(0, imm[l] | 0, true);
        for (let i = 0; i < 4; i++) out.push(f32buf.getUint8(i));
      }
      return;
    case "lanes16":
      for (let l = 0; l < 16; l++) out.push(imm[l]);
      return;
    case "mem0":
      return out.push(0);
    case "mem00":
      out.push(0);
      return out.push(0);
  }
}

/** Appends one instruction's bytes. */
function encodeInstr(out: Bytes, i: Instr): void {
  const info: OpInfo = ISA[i.op];
  if (info.prefix !== undefined) {
    out.push(info.prefix);
    out.append(uleb(info.code));
  } else out.push(info.code);
  encodeImm(out, info.imm, i.imm);
}

/** The bytes of an instruction list (no trailing `end`). */
export function encodeInstrs(
  body: readonly Instr[],
): Uint8Array<ArrayBuffer> {
  const out = new Bytes();
  for (const i of body) encodeInstr(out, i);
  return out.bytes();
}

function vec(items: readonly (readonly number[] | Uint8Array)[]): number[] {
  const out = uleb(items.length);
  for (const it of items) for (const b of it) out.push(b);
  return out;
}

function name(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
}

function section(out: Bytes, id: number, payload: readonly number[]): void {
  out.push(id);
  out.append(uleb(payload.length));
  out.append(payload);
}

function limits(m: WasmMemory): number[] {
  const flag = m.shared ? 0x03 : 0x01;
  return [flag, ...uleb(m.min), ...uleb(m.max)];
}

function funcBody(f: WasmFunc): number[] {
  const groups: number[][] = [];
  for (let i = 0; i < f.locals.length;) {
    let j = i;
    while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
    groups.push([...uleb(j - i), VALTYPE[f.locals[i]]]);
    i = j;
  }
  const code = encodeInstrs(f.body);
  const body = [...vec(groups), ...code, 0x0b];
  return [...uleb(body.length), ...body];
}

/** Encodes a module description as a binary module. */
export function encodeModule(m: WasmModuleDesc): Uint8Array<ArrayBuffer> {
  const out = new Bytes();
  out.append([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const sigs: string[] = [];
  const sigBytes: number[][] = [];
  const imports = m.imports ?? [];
  const typeOf = [...imports, ...m.funcs].map((f) => {
    const bytes = [
      0x60,
      ...vec(f.params.map((p) => [VALTYPE[p]])),
      ...vec(f.results.map((r) => [VALTYPE[r]])),
    ];
    const key = bytes.join(",");
    let idx = sigs.indexOf(key);
    if (idx < 0) {
      idx = sigs.length;
      sigs.push(key);
      sigBytes.push(bytes);
    }
    return idx;
  });
  section(out, 1, vec(sigBytes));
  const imported = imports.map((f, i) => [
    ...name("env"),
    ...name(f.name),
    0x00,
    ...uleb(typeOf[i]),
  ]);
  if (m.memory?.imported) {
    imported.push([
      ...name("env"),
      ...name("memory"),
      0x02,
      ...limits(m.memory),
    ]);
  }
  if (imported.length > 0) section(out, 2, vec(imported));
  section(out, 3, vec(typeOf.slice(imports.length).map((t) => uleb(t))));
  if (m.memory !== undefined && !m.memory.imported) {
    section(out, 5, vec([limits(m.memory)]));
  }
  const exports: number[][] = [];
  m.funcs.forEach((f, i) => {
    if (f.exported) {
      exports.push([...name(f.name), 0x00, ...uleb(imports.length + i)]);
    }
  });
  if (m.memory !== undefined && !m.memory.imported) {
    exports.push([...name("memory"), 0x02, 0]);
  }
  section(out, 7, vec(exports));
  section(out, 10, vec(m.funcs.map(funcBody)));
  return out.bytes();
}
