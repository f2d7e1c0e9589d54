// THE instruction set of dl's register VM (Lua 5.4 style): one row per
// opcode with its operand roles. Arithmetic and comparison opcodes are
// derived from the op table (compiler/core/ops.ts), each in three operand
// variants (register/register, register/constant, constant/register), plus
// fused compare-and-jump superinstructions. The opcode number is the row's
// index; vm/vm_dispatch.ts switches on these numbers (a test keeps them in step).

import { OPS } from "../core/ops.ts";

/**
 * An operand's role: `d` register written, `r` register read, `k` constant
 * index, `i` immediate int, `j` jump target, `-` unused. Opcodes listed in
 * RANGE_USES also read a run of registers.
 */
export type OperandRole = "d" | "r" | "k" | "i" | "j" | "-";

/** One opcode: its name and the roles of operands a, b, c. */
export interface OpcodeInfo {
  readonly name: string;
  readonly roles: readonly [OperandRole, OperandRole, OperandRole];
  /** One line of semantics (the ISA spec, like Lua's lopcodes.h). */
  readonly doc: string;
}

type Row = [string, string, string];

const CONTROL: Row[] = [
  ["MOVE", "dr-", "R[a] = R[b]"],
  ["LOADK", "dk-", "R[a] = K[b]"],
  ["LOADI", "di-", "R[a] = int b"],
  ["LOADUNIT", "d--", "R[a] = ()"],
  ["LOADBOOL", "di-", "R[a] = b != 0"],
  ["JMP", "j--", "pc = a"],
  ["JMPF", "jri", "if !R[b] then pc = a (R[b] must be bool; c: error kind)"],
  ["JMPT", "jri", "if R[b] then pc = a (R[b] must be bool; c: error kind)"],
  ["LOOP", "j--", "count a step; pc = a (a loop's back edge)"],
  ["CALL", "rik", "R[a] = R[a](R[a+1..a+b]) (c: named-argument info or -1)"],
  [
    "CALLM",
    "rik",
    "like CALL; R[a+1] is the receiver unless MEMBERFN dropped it",
  ],
  ["RET", "r--", "return R[a]"],
  ["GETUPVAL", "di-", "R[a] = upvalue b's cell value"],
  ["SETUPVAL", "ir-", "upvalue a's cell value = R[b]"],
  ["NEWCELL", "dr-", "R[a] = new cell holding R[b] (b = -1: unit)"],
  ["GETCELL", "dr-", "R[a] = the value in cell R[b]"],
  ["SETCELL", "rr-", "cell R[a] holds R[b]"],
  ["CLOSURE", "dk-", "R[a] = closure of prototype K[b] over its upvalues"],
  ["GETGLOBAL", "dk-", "R[a] = builtin named K[b]"],
  ["NEG", "dr-", "R[a] = -R[b]"],
  ["NOT", "dr-", "R[a] = !R[b]"],
  [
    "FORPREP",
    "rji",
    "R[a], R[a+1] = range bounds (ints; c = 1: inclusive); if R[a] >= R[a+1] pc = b",
  ],
  ["FORLOOP", "rj-", "count a step; R[a] += 1; if R[a] < R[a+1] pc = b"],
  ["ITERPREP", "dr-", "R[a] = iterator over R[b]"],
  [
    "ITERNEXT",
    "drj",
    "count a step; R[a] = next of iterator R[b], or pc = c when done",
  ],
  ["INDEX", "drk", "R[a] = R[b][R[b+1..b+n]] (K[c]: n and spans)"],
  ["SLICE", "drk", "R[a] = slice R[b]:R[b+1]:R[b+2] (K[c]: which parts)"],
  ["SETINDEX", "rrk", "R[b][R[b+1..b+n]] = R[a]"],
  ["MEMBER", "drk", "R[a] = R[b].K[c]"],
  ["FIELDGET", "drk", "R[a] = field K[c] of model R[b] (for `m.f op= v`)"],
  ["SETMEMBER", "rrk", "R[b].K[c] = R[a]"],
  ["TUPLE", "dri", "R[a] = (R[b], …, R[b+c-1])"],
  ["BRACKET", "drk", "R[a] = tensor or list literal K[c] over R[b..]"],
  ["RANGE", "dri", "R[a] = R[b]..R[b+1] (c = 1: inclusive)"],
  [
    "CHKTUP",
    "rik",
    "R[a] must be a tuple of b items (else a destructure error)",
  ],
  ["TUPGET", "dri", "R[a] = R[b].items[c]"],
  ["JNEK", "jrk", "if R[b] != K[c] then pc = a (dl equality)"],
  ["JNTUP", "jri", "if R[b] is not a tuple of c items then pc = a"],
  ["MATCHFAIL", "rk-", "no arm matched R[a]"],
  [
    "MEMBERFN",
    "rk-",
    "R[a] = member K[b] of R[a+1] (R[a+1] = no receiver), else keep R[a]",
  ],
  ["IMPORT", "dik", "R[a..a+b-1] = cells of module K[c]'s names"],
  ["EXPORT", "rik", "module exports: names K[c] → cells R[a..a+b-1]"],
  ["MODELNEW", "dk-", "R[a] = empty instance of model K[b]"],
  ["NEWFIELD", "dk-", "R[a] = new field cell (K[b]: mutable, param)"],
  ["FIELDDEF", "rrk", "model R[a] gets field K[c] = cell R[b]"],
  ["METHODDEF", "rrk", "model R[a] gets method K[c] = R[b]"],
  ["JDEF", "jr-", "if R[b] was passed (not omitted) then pc = a"],
  [
    "BINOP",
    "drk",
    "R[a] = R[b] K[c] R[b+1] (operators without an opcode: `@`)",
  ],
  [
    "GETIMPORT",
    "dk-",
    "R[a] = the value of imported name K[b] (module exports)",
  ],
  ["SETIMPORT", "kr-", "imported name K[a] = R[b]"],
];

/** The op-table ops that have a VM opcode family (binary operators). */
export const BINARY_OPCODE_OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "mod",
  "pow",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
] as const satisfies readonly (keyof typeof OPS)[];

/** Comparisons that also have fused compare-and-jump opcodes. */
export const COMPARE_OPS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;

function binaryRows(): Row[] {
  const rows: Row[] = [];
  for (const op of BINARY_OPCODE_OPS) {
    const sym = OPS[op].symbol;
    const n = op.toUpperCase();
    rows.push([n, "drr", `R[a] = R[b] ${sym} R[c]`]);
    rows.push([`${n}_RK`, "drk", `R[a] = R[b] ${sym} K[c]`]);
    rows.push([`${n}_KR`, "dkr", `R[a] = K[b] ${sym} R[c]`]);
  }
  for (const op of COMPARE_OPS) {
    const sym = OPS[op].symbol;
    const n = `J${op.toUpperCase()}`;
    rows.push([n, "jrr", `if !(R[b] ${sym} R[c]) then pc = a`]);
    rows.push([`${n}_RK`, "jrk", `if !(R[b] ${sym} K[c]) then pc = a`]);
  }
  return rows;
}

/**
 * Superinstructions and specialised forms, numbered after the op-table
 * families (chosen from measured opcode-pair counts: bench/opcode_pairs.ts,
 * docs/performance.md).
 */
const SUPER: Row[] = [
  [
    "GETIDX",
    "drr",
    "R[a] = R[b][R[c]] (one index; the instruction's aux: INDEX's K data)",
  ],
  // Fused pairs (compiler/bytecode/fuse.ts): only in the VM's own copy of a
  // chunk's code (Proto.vcode), never in the IR or the code the tiers read.
  // Each does its own instruction, then the next one (kept in place, so jumps
  // to it still work) with that one's operands, and continues after both.
  ["GETUPVAL_CALL", "di-", "GETUPVAL a b, then the CALL/CALLM that follows"],
  ["JLT_RK_RET", "jrk", "JLT_RK a b c; falling through, the RET that follows"],
  ["ADD_RET", "drr", "ADD a b c, then the RET that follows"],
];

/** Every opcode, by number. */
export const OPCODES: readonly OpcodeInfo[] = [
  ...CONTROL,
  ...binaryRows(),
  ...SUPER,
]
  .map(([name, roles, doc]) => ({
    name,
    roles: [...roles] as unknown as [OperandRole, OperandRole, OperandRole],
    doc,
  }));

const BY_NAME = new Map(OPCODES.map((o, i) => [o.name, i]));

/** The number of the opcode called `name` (throws on a typo: a compiler bug). */
export function opcode(name: string): number {
  const n = BY_NAME.get(name);
  if (n === undefined) throw new Error(`unknown opcode ${name}`);
  return n;
}

/** The opcode's name (`?N` for an unknown number). */
export function opcodeName(op: number): string {
  return OPCODES[op]?.name ?? `?${op}`;
}

/** Named opcode numbers used by the compiler. */
export const OP = {
  MOVE: opcode("MOVE"),
  LOADK: opcode("LOADK"),
  LOADI: opcode("LOADI"),
  LOADUNIT: opcode("LOADUNIT"),
  LOADBOOL: opcode("LOADBOOL"),
  JMP: opcode("JMP"),
  JMPF: opcode("JMPF"),
  JMPT: opcode("JMPT"),
  LOOP: opcode("LOOP"),
  CALL: opcode("CALL"),
  CALLM: opcode("CALLM"),
  RET: opcode("RET"),
  GETUPVAL: opcode("GETUPVAL"),
  SETUPVAL: opcode("SETUPVAL"),
  NEWCELL: opcode("NEWCELL"),
  GETCELL: opcode("GETCELL"),
  SETCELL: opcode("SETCELL"),
  CLOSURE: opcode("CLOSURE"),
  GETGLOBAL: opcode("GETGLOBAL"),
  NEG: opcode("NEG"),
  NOT: opcode("NOT"),
  FORPREP: opcode("FORPREP"),
  FORLOOP: opcode("FORLOOP"),
  ITERPREP: opcode("ITERPREP"),
  ITERNEXT: opcode("ITERNEXT"),
  INDEX: opcode("INDEX"),
  SLICE: opcode("SLICE"),
  SETINDEX: opcode("SETINDEX"),
  MEMBER: opcode("MEMBER"),
  FIELDGET: opcode("FIELDGET"),
  SETMEMBER: opcode("SETMEMBER"),
  TUPLE: opcode("TUPLE"),
  BRACKET: opcode("BRACKET"),
  RANGE: opcode("RANGE"),
  CHKTUP: opcode("CHKTUP"),
  TUPGET: opcode("TUPGET"),
  JNEK: opcode("JNEK"),
  JNTUP: opcode("JNTUP"),
  MATCHFAIL: opcode("MATCHFAIL"),
  MEMBERFN: opcode("MEMBERFN"),
  IMPORT: opcode("IMPORT"),
  EXPORT: opcode("EXPORT"),
  MODELNEW: opcode("MODELNEW"),
  NEWFIELD: opcode("NEWFIELD"),
  FIELDDEF: opcode("FIELDDEF"),
  METHODDEF: opcode("METHODDEF"),
  JDEF: opcode("JDEF"),
  BINOP: opcode("BINOP"),
  GETIMPORT: opcode("GETIMPORT"),
  SETIMPORT: opcode("SETIMPORT"),
  GETIDX: opcode("GETIDX"),
  GETUPVAL_CALL: opcode("GETUPVAL_CALL"),
  JLT_RK_RET: opcode("JLT_RK_RET"),
  ADD_RET: opcode("ADD_RET"),
} as const;

/** Offsets of a binary op's variants from its RR opcode. */
export const VARIANT = { RR: 0, RK: 1, KR: 2 } as const;

/** The RR opcode of a binary op of the table (`add` → ADD). */
export function binaryOpcode(op: (typeof BINARY_OPCODE_OPS)[number]): number {
  return opcode(op.toUpperCase());
}

/** The fused compare-and-jump opcode (RR form) of a comparison. */
export function jumpOpcode(op: (typeof COMPARE_OPS)[number]): number {
  return opcode(`J${op.toUpperCase()}`);
}
