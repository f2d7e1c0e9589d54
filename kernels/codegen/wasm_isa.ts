// THE WebAssembly instruction table used by dl's code generators: each
// instruction's name (as the text format spells it), opcode bytes and
// immediate kind. The encoder and the text printer both read this table.

/** How an instruction's immediates are written after its opcode. */
export type ImmKind =
  | "none"
  | "u32" // one unsigned LEB128 (local, label, function index, lane index)
  | "i32" // one signed LEB128
  | "f32" // 4 bytes little-endian
  | "f64" // 8 bytes little-endian
  | "mem" // memarg: alignment log2, offset
  | "block" // block type: 0x40 (none) or a value type byte
  | "lane" // one byte
  | "v128" // 16 bytes, given as four i32 lanes
  | "lanes16" // 16 lane-index bytes (i8x16.shuffle)
  | "mem0" // one zero byte (memory index)
  | "mem00"; // two zero bytes (memory.copy)

/** One row of the table: opcode, optional prefix byte, immediate kind. */
export interface OpInfo {
  readonly code: number;
  readonly prefix?: 0xfc | 0xfd;
  readonly imm: ImmKind;
}

const n = (code: number): OpInfo => ({ code, imm: "none" });
const w = (code: number, imm: ImmKind): OpInfo => ({ code, imm });
const s = (code: number, imm: ImmKind = "none"): OpInfo => ({
  code,
  prefix: 0xfd,
  imm,
});

/** Every instruction the generators emit, by text-format name. */
export const ISA = {
  "unreachable": n(0x00),
  "nop": n(0x01),
  "block": w(0x02, "block"),
  "loop": w(0x03, "block"),
  "if": w(0x04, "block"),
  "else": n(0x05),
  "end": n(0x0b),
  "br": w(0x0c, "u32"),
  "br_if": w(0x0d, "u32"),
  "return": n(0x0f),
  "call": w(0x10, "u32"),
  "drop": n(0x1a),
  "select": n(0x1b),
  "local.get": w(0x20, "u32"),
  "local.set": w(0x21, "u32"),
  "local.tee": w(0x22, "u32"),
  "i32.load": w(0x28, "mem"),
  "f32.load": w(0x2a, "mem"),
  "f64.load": w(0x2b, "mem"),
  "i32.store": w(0x36, "mem"),
  "f32.store": w(0x38, "mem"),
  "f64.store": w(0x39, "mem"),
  "i32.const": w(0x41, "i32"),
  "f32.const": w(0x43, "f32"),
  "f64.const": w(0x44, "f64"),
  "i32.eqz": n(0x45),
  "i32.eq": n(0x46),
  "i32.ne": n(0x47),
  "i32.lt_s": n(0x48),
  "i32.lt_u": n(0x49),
  "i32.gt_s": n(0x4a),
  "i32.gt_u": n(0x4b),
  "i32.le_s": n(0x4c),
  "i32.ge_s": n(0x4e),
  "i32.ge_u": n(0x4f),
  "i32.add": n(0x6a),
  "i32.sub": n(0x6b),
  "i32.mul": n(0x6c),
  "i32.and": n(0x71),
  "i32.or": n(0x72),
  "i32.shl": n(0x74),
  "i32.shr_s": n(0x75),
  "i32.shr_u": n(0x76),
  "f32.add": n(0x92),
  "f32.sub": n(0x93),
  "f32.mul": n(0x94),
  "f32.div": n(0x95),
  "f64.add": n(0xa0),
  "f64.sub": n(0xa1),
  "f64.mul": n(0xa2),
  "f64.div": n(0xa3),
  "memory.copy": { code: 10, prefix: 0xfc, imm: "mem00" },
  "memory.fill": { code: 11, prefix: 0xfc, imm: "mem0" },
  // ---- SIMD128 (0xfd prefix)
  "v128.load": s(0x00, "mem"),
  "v128.load32_splat": s(0x09, "mem"),
  "v128.load64_splat": s(0x0a, "mem"),
  "v128.store": s(0x0b, "mem"),
  "v128.const": s(0x0c, "v128"),
  "i8x16.shuffle": s(0x0d, "lanes16"),
  "i32x4.splat": s(0x11),
  "f32x4.splat": s(0x13),
  "f64x2.splat": s(0x14),
  "i32x4.extract_lane": s(0x1b, "lane"),
  "f32x4.extract_lane": s(0x1f, "lane"),
  "f32x4.replace_lane": s(0x20, "lane"),
  "f64x2.extract_lane": s(0x21, "lane"),
  "i32x4.eq": s(0x37),
  "i32x4.lt_s": s(0x39),
  "i32x4.gt_s": s(0x3b),
  "f32x4.eq": s(0x41),
  "f32x4.ne": s(0x42),
  "f32x4.lt": s(0x43),
  "f32x4.gt": s(0x44),
  "f32x4.le": s(0x45),
  "f32x4.ge": s(0x46),
  "f64x2.eq": s(0x47),
  "f64x2.ne": s(0x48),
  "f64x2.lt": s(0x49),
  "f64x2.gt": s(0x4a),
  "f64x2.le": s(0x4b),
  "f64x2.ge": s(0x4c),
  "v128.not": s(0x4d),
  "v128.and": s(0x4e),
  "v128.andnot": s(0x4f),
  "v128.or": s(0x50),
  "v128.xor": s(0x51),
  "v128.bitselect": s(0x52),
  "f32x4.demote_f64x2_zero": s(0x5e),
  "f64x2.promote_low_f32x4": s(0x5f),
  "f32x4.floor": s(0x68),
  "f32x4.nearest": s(0x6a),
  "f64x2.floor": s(0x75),
  "f64x2.nearest": s(0x94),
  "i32x4.shl": s(0xab),
  "i32x4.shr_s": s(0xac),
  "i32x4.shr_u": s(0xad),
  "i32x4.add": s(0xae),
  "i32x4.sub": s(0xb1),
  "i32x4.min_s": s(0xb6),
  "i32x4.max_s": s(0xb8),
  "i64x2.extend_low_i32x4_s": s(0xc7),
  "i64x2.shl": s(0xcb),
  "i64x2.add": s(0xce),
  "f32x4.abs": s(0xe0),
  "f32x4.neg": s(0xe1),
  "f32x4.sqrt": s(0xe3),
  "f32x4.add": s(0xe4),
  "f32x4.sub": s(0xe5),
  "f32x4.mul": s(0xe6),
  "f32x4.div": s(0xe7),
  "f32x4.min": s(0xe8),
  "f32x4.max": s(0xe9),
  "f64x2.abs": s(0xec),
  "f64x2.neg": s(0xed),
  "f64x2.add": s(0xf0),
  "f64x2.sub": s(0xf1),
  "f64x2.mul": s(0xf2),
  "f64x2.div": s(0xf3),
  "f64x2.min": s(0xf4),
  "f64x2.max": s(0xf5),
  "i32x4.trunc_sat_f32x4_s": s(0xf8),
  "f32x4.convert_i32x4_s": s(0xfa),
  "i32x4.trunc_sat_f64x2_s_zero": s(0xfc),
  "f64x2.convert_low_i32x4_s": s(0xfe),
  // ---- scalar float ops, byte loads/stores, conversions, and the SIMD
  // loads, extends and narrows of the element-wise kernels (wasm_loop.ts)
  "i32.load8_s": w(0x2c, "mem"),
  "i32.load8_u": w(0x2d, "mem"),
  "i32.store8": w(0x3a, "mem"),
  "f32.eq": n(0x5b),
  "f32.ne": n(0x5c),
  "f32.lt": n(0x5d),
  "f32.gt": n(0x5e),
  "f32.le": n(0x5f),
  "f32.ge": n(0x60),
  "f64.eq": n(0x61),
  "f64.ne": n(0x62),
  "f64.lt": n(0x63),
  "f64.gt": n(0x64),
  "f64.le": n(0x65),
  "f64.ge": n(0x66),
  "f32.abs": n(0x8b),
  "f32.neg": n(0x8c),
  "f32.ceil": n(0x8d),
  "f32.floor": n(0x8e),
  "f32.sqrt": n(0x91),
  "f32.min": n(0x96),
  "f32.max": n(0x97),
  "f64.abs": n(0x99),
  "f64.neg": n(0x9a),
  "f64.ceil": n(0x9b),
  "f64.floor": n(0x9c),
  "f64.sqrt": n(0x9f),
  "f64.min": n(0xa4),
  "f64.max": n(0xa5),
  "f32.convert_i32_s": n(0xb2),
  "f32.demote_f64": n(0xb6),
  "f64.convert_i32_s": n(0xb7),
  "f64.promote_f32": n(0xbb),
  "i32.trunc_sat_f32_s": { code: 0, prefix: 0xfc, imm: "none" },
  "i32.trunc_sat_f64_s": { code: 2, prefix: 0xfc, imm: "none" },
  "f64x2.replace_lane": s(0x22, "lane"),
  "i32x4.ne": s(0x38),
  "v128.load32_zero": s(0x5c, "mem"),
  "i8x16.narrow_i16x8_s": s(0x65),
  "f32x4.ceil": s(0x67),
  "f64x2.ceil": s(0x74),
  "i16x8.narrow_i32x4_s": s(0x85),
  "i16x8.extend_low_i8x16_s": s(0x87),
  "i16x8.extend_low_i8x16_u": s(0x89),
  "i32x4.extend_low_i16x8_s": s(0xa7),
  "i32x4.extend_low_i16x8_u": s(0xa9),
  "f64x2.sqrt": s(0xef),
  // relaxed SIMD: a·b + c, fused where the hardware has FMA
  "f32x4.relaxed_madd": s(0x105),
  "f64x2.relaxed_madd": s(0x107),
} as const satisfies Record<string, OpInfo>;

/** An instruction name. */
export type Op = keyof typeof ISA;

/** One instruction: its name and immediates (see ImmKind). */
export interface Instr {
  readonly op: Op;
  readonly imm: readonly number[];
}

/** Value types, by text name. */
export const VALTYPE = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
} as const;

/** A value type name. */
export type ValType = keyof typeof VALTYPE;

/** Makes one instruction. */
export function ins(op: Op, ...imm: number[]): Instr {
  return { op, imm };
}
