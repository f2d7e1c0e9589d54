// The JavaScript tier's control flow: basic blocks of a bytecode region,
// dominators, and structured JS (labeled loops and blocks with break /
// continue) from a reducible CFG, after Ramsey's "Beyond Relooper" (2022).
// Irreducible regions are refused (null).

import { OP, opcode } from "../compiler/bytecode/opcodes.ts";

/** A basic block: instructions [start, end) and its successors (pcs; -1-pc = exit to pc). */
export interface Block {
  readonly start: number;
  readonly end: number;
  /** Successor block indices; an exit outside the region is `-1 - pc`. */
  readonly succ: number[];
}

/** A region's CFG: blocks in pc order, entry block 0. */
export interface Cfg {
  readonly blocks: Block[];
  /** The block starting at each pc (-1 inside a block). */
  readonly blockAt: Int32Array;
}

const J_FIRST = opcode("JEQ"); // the fused compare-and-jumps: 12 opcodes
const J_END = J_FIRST + 12;

/** Jump targets of the instruction (taken branch first); fallthrough handled by the caller. */
function jumpTarget(op: number, a: number, b: number, c: number): number {
  if (op === OP.JMP || op === OP.JMPF || op === OP.JMPT || op === OP.LOOP) {
    return a;
  }
  if (op === OP.FORPREP || op === OP.FORLOOP) return b;
  if (op === OP.ITERNEXT) return c;
  if (op === OP.JNEK || op === OP.JNTUP || op === OP.JDEF) return a;
  if (op >= J_FIRST && op < J_END) return a;
  return -1;
}

/** True when control never falls through the instruction. */
function noFall(op: number): boolean {
  return op === OP.JMP || op === OP.LOOP || op === OP.RET ||
    op === OP.MATCHFAIL;
}

/** Builds the CFG of code [lo, hi) entered at lo; null when a jump enters the region elsewhere. */
export function buildCfg(code: Int32Array, lo: number, hi: number): Cfg | null {
  const n = code.length >> 2;
  const leader = new Uint8Array(n + 1);
  leader[lo] = 1;
  for (let pc = 0; pc < n; pc++) {
    const w = pc << 2, op = code[w];
    const t = jumpTarget(op, code[w + 1], code[w + 2], code[w + 3]);
    const inside = pc >= lo && pc < hi;
    if (t >= 0 && t > lo && t < hi && !inside) return null;
    if (!inside) continue;
    if (t >= 0) leader[t] = 1;
    if (t >= 0 || op === OP.RET || noFall(op)) leader[pc + 1] = 1;
  }
  const blockAt = new Int32Array(n + 1).fill(-1);
  const starts: number[] = [];
  for (let pc = lo; pc < hi; pc++) {
    if (leader[pc]) {
      blockAt[pc] = starts.length;
      starts.push(pc);
    }
  }
  const target = (pc: number) => pc >= lo && pc < hi ? blockAt[pc] : -1 - pc;
  const blocks: Block[] = starts.map((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : hi;
    const last = (end - 1) << 2, op = code[last];
    const succ: number[] = [];
    const t = jumpTarget(op, code[last + 1], code[last + 2], code[last + 3]);
    if (t >= 0) succ.push(target(t));
    if (!noFall(op)) succ.push(target(end));
    return { start: s, end, succ };
  });
  return { blocks, blockAt };
}

/** Dominator-tree facts the structurer needs. */
interface Dom {
  rpo: Int32Array;
  order: number[];
  idom: Int32Array;
}

function dominators(cfg: Cfg): Dom | null {
  const nb = cfg.blocks.length;
  const seen = new Uint8Array(nb);
  const post: number[] = [];
  const visit = (b: number) => {
    seen[b] = 1;
    for (const s of cfg.blocks[b].succ) if (s >= 0 && !seen[s]) visit(s);
    post.push(b);
  };
  visit(0);
  const order = post.reverse();
  const rpo = new Int32Array(nb).fill(-1);
  order.forEach((b, i) => rpo[b] = i);
  const preds: number[][] = cfg.blocks.map(() => []);
  for (const b of order) {
    for (const s of cfg.blocks[b].succ) if (s >= 0) preds[s].push(b);
  }
  const idom = new Int32Array(nb).fill(-1);
  idom[0] = 0;
  const intersect = (x: number, y: number) => {
    while (x !== y) {
      while (rpo[x] > rpo[y]) x = idom[x];
      while (rpo[y] > rpo[x]) y = idom[y];
    }
    return x;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const b of order) {
      if (b === 0) continue;
      let d = -1;
      for (const p of preds[b]) {
        if (idom[p] < 0) continue;
        d = d < 0 ? p : intersect(p, d);
      }
      if (d !== idom[b]) idom[b] = d, changed = true;
    }
  }
  // Reducible: every retreating edge goes to a dominator of its source.
  for (const b of order) {
    for (const s of cfg.blocks[b].succ) {
      if (s < 0 || rpo[s] > rpo[b]) continue;
      let x = b;
      while (x !== s && x !== 0) x = idom[x];
      if (x !== s) return null;
    }
  }
  return { rpo, order, idom };
}

/** Emits a block's code; `branch(i)` renders the transfer to its i-th successor. */
export type BlockEmitter = (
  block: number,
  branch: (succ: number) => string,
) => string;

/** Structured JS for the CFG (null when irreducible); exits render through `exit(pc, from)`. */
export function structure(
  cfg: Cfg,
  emitBlock: BlockEmitter,
  exit: (pc: number, from: number) => string,
): string | null {
  const dom = dominators(cfg);
  if (dom === null) return null;
  const { rpo, order, idom } = dom;
  const nb = cfg.blocks.length;
  const fwdIn = new Int32Array(nb);
  const header = new Uint8Array(nb);
  for (const b of order) {
    for (const s of cfg.blocks[b].succ) {
      if (s < 0) continue;
      if (rpo[s] > rpo[b]) fwdIn[s]++;
      else header[s] = 1;
    }
  }
  const children: number[][] = cfg.blocks.map(() => []);
  for (const b of order) if (b !== 0) children[idom[b]].push(b);
  const isMerge = (b: number) => fwdIn[b] >= 2;

  const doBranch = (src: number, tgt: number): string => {
    if (tgt < 0) return exit(-1 - tgt, src);
    if (rpo[tgt] <= rpo[src]) return `continue L${tgt};`;
    if (isMerge(tgt)) return `break B${tgt};`;
    return doTree(tgt);
  };
  const nodeWithin = (x: number, ys: number[]): string => {
    if (ys.length === 0) {
      return emitBlock(x, (i) => doBranch(x, cfg.blocks[x].succ[i]));
    }
    const y = ys[ys.length - 1];
    const inner = nodeWithin(x, ys.slice(0, -1));
    return `B${y}: {\n${inner}\n}\n${doTree(y)}`;
  };
  const doTree = (x: number): string => {
    const ys = children[x].filter(isMerge).sort((p, q) => rpo[p] - rpo[q]);
    const body = nodeWithin(x, ys);
    return header[x] ? `L${x}: for (;;) {\n${body}\n}` : body;
  };
  return doTree(0);
}
