// A floor for any bytecode VM hosted in JavaScript: the least a register VM
// must do to run the scalar programs (bench/scalar/*.dl) with the same
// instructions dl's optimizer gives them, and nothing else. One
// Float64Array register file, no type tags, no int overflow or division
// checks, no error spans or dl call stack, frames in an Int32Array, a
// `switch` on literal opcodes over 4-word instructions (dl's dispatch).
// `run.ts` times it beside `dl run --engine vm`: when this floor is
// slower than a target, no JavaScript-hosted interpreter of this design meets
// it (docs/performance.md, "The floor of a VM in JavaScript").
//
//   deno run bench/scalar/vm_floor.js seed_expr|fib|int_loop|mandelbrot|dot|empty

const F = new Float64Array(1 << 16);
/** Saved pc, base, function and result slot per frame. */
const S = new Int32Array(4 << 12);

const MOVE = 0, LOADK = 1, ADD = 2, SUB = 3, MUL = 4, DIV = 5, MODK = 6;
const ADDK = 7, SUBK = 8, MULKR = 9, ADDKR = 10, JLT = 11, JLTK = 12;
const JLEK = 13, JEQ = 14, FORPREP = 15, FORLOOP = 16, GETIDX = 17;
const CALL = 18, RET = 19, HALT = 20, FLOAT = 21, LOOP = 22, ADDI = 23;

/** 4-word instructions from [op, a, b, c] rows. */
function asm(rows) {
  const code = new Int32Array(rows.length * 4);
  rows.forEach((r, i) =>
    code.set([r[0], r[1] ?? 0, r[2] ?? 0, r[3] ?? 0], i * 4)
  );
  return code;
}

/** Runs function `fn` of `codes` (constants `ks`, tensors `arrays`) to HALT. */
function run(codes, ks, arrays) {
  let fn = 0, code = codes[0], kn = ks[0], bp = 0, pc = 0, sp = 0;
  for (;;) {
    const w = pc << 2;
    const op = code[w], a = code[w | 1], b = code[w | 2], c = code[w | 3];
    pc = (pc + 1) | 0;
    switch (op) {
      case 0: // MOVE
        F[bp + a] = F[bp + b];
        continue;
      case 1: // LOADK
        F[bp + a] = kn[b];
        continue;
      case 2: // ADD
        F[bp + a] = F[bp + b] + F[bp + c];
        continue;
      case 3: // SUB
        F[bp + a] = F[bp + b] - F[bp + c];
        continue;
      case 4: // MUL
        F[bp + a] = F[bp + b] * F[bp + c];
        continue;
      case 5: // DIV
        F[bp + a] = F[bp + b] / F[bp + c];
        continue;
      case 6: // MODK (ints: `|0`, as dl's VM)
        F[bp + a] = ((F[bp + b] | 0) % (kn[c] | 0)) | 0;
        continue;
      case 7: // ADDK
        F[bp + a] = F[bp + b] + kn[c];
        continue;
      case 8: // SUBK
        F[bp + a] = F[bp + b] - kn[c];
        continue;
      case 9: // MULKR
        F[bp + a] = kn[b] * F[bp + c];
        continue;
      case 10: // ADDKR
        F[bp + a] = kn[b] + F[bp + c];
        continue;
      case 11: // JLT: jump to a unless R[b] < R[c]
        if (!(F[bp + b] < F[bp + c])) pc = a;
        continue;
      case 12: // JLTK
        if (!(F[bp + b] < kn[c])) pc = a;
        continue;
      case 13: // JLEK
        if (!(F[bp + b] <= kn[c])) pc = a;
        continue;
      case 14: // JEQ
        if (!(F[bp + b] === F[bp + c])) pc = a;
        continue;
      case 15: // FORPREP: R[a] counter, R[a + 1] limit
        if (!(F[bp + a] < F[bp + a + 1])) pc = b;
        continue;
      case 16: { // FORLOOP
        const i = F[bp + a] + 1;
        F[bp + a] = i;
        if (i < F[bp + a + 1]) pc = b;
        continue;
      }
      case 17: { // GETIDX: R[a] = arrays[b][R[c]] with the bounds test
        const t = arrays[b], i = F[bp + c] | 0;
        if (i >= 0 && i < t.length) F[bp + a] = t[i];
        else throw new RangeError("index out of range");
        continue;
      }
      case 18: { // CALL: function c, arguments from R[a + 1]; result in R[a]
        if (sp >= S.length) throw new RangeError("stack overflow");
        S[sp] = pc, S[sp + 1] = bp, S[sp + 2] = fn, S[sp + 3] = bp + a;
        sp += 4;
        fn = c, code = codes[c], kn = ks[c], bp = bp + a + 1, pc = 0;
        continue;
      }
      case 19: { // RET
        sp -= 4;
        F[S[sp + 3]] = F[bp + a];
        pc = S[sp], bp = S[sp + 1], fn = S[sp + 2];
        code = codes[fn], kn = ks[fn];
        continue;
      }
      case 20: // HALT
        return F[bp + a];
      case 21: // FLOAT (dl's `float(x)`)
        F[bp + a] = F[bp + b];
        continue;
      case 22: // LOOP
        pc = a;
        continue;
      case 23: // ADDI (int + small constant)
        F[bp + a] = F[bp + b] + c;
        continue;
      default:
        throw new Error(`bad opcode ${op}`);
    }
  }
}

/**
 * The five programs as dl's optimizer compiles them (`dl disasm`), with the
 * same instructions per iteration; jump targets are row numbers (comments).
 */
const PROGRAMS = {
  empty: () => run([asm([[HALT, 0]])], [[]], []),
  seed_expr: () =>
    run(
      [asm([
        [LOADK, 1, 0], // 0
        [LOADK, 2, 1], // 1
        [LOADK, 3, 2], // 2
        [LOADK, 4, 3], // 3
        [LOADK, 5, 3], // 4
        [LOADK, 6, 4], // 5
        [FORPREP, 5, 17], // 6
        [ADD, 11, 1, 2], // 7
        [MUL, 10, 11, 3], // 8
        [SUBK, 9, 10, 5], // 9
        [MUL, 11, 1, 2], // 10
        [ADDKR, 10, 2, 11], // 11
        [DIV, 8, 9, 10], // 12
        [ADD, 4, 4, 8], // 13
        [ADDK, 1, 1, 6], // 14
        [SUBK, 2, 2, 6], // 15
        [FORLOOP, 5, 7], // 16
        [HALT, 4], // 17
      ])],
      [[0.5, 1.5, 2.0, 0.0, 10_000_000, 1.0, 0.000001]],
      [],
    ),
  fib: () =>
    run(
      [
        asm([[LOADK, 1, 0], [CALL, 0, 1, 1], [HALT, 0]]),
        asm([
          [JLTK, 2, 0, 0], // 0
          [RET, 0], // 1
          [SUBK, 2, 0, 1], // 2
          [CALL, 1, 1, 1], // 3
          [SUBK, 3, 0, 0], // 4
          [CALL, 2, 1, 1], // 5
          [ADD, 1, 1, 2], // 6
          [RET, 1], // 7
        ]),
      ],
      [[30], [2, 1]],
      [],
    ),
  int_loop: () =>
    run(
      [asm([
        [LOADK, 1, 0], // 0
        [LOADK, 2, 0], // 1
        [LOADK, 3, 1], // 2
        [FORPREP, 2, 8], // 3
        [MODK, 6, 2, 2], // 4
        [ADD, 5, 1, 6], // 5
        [MODK, 1, 5, 3], // 6
        [FORLOOP, 2, 4], // 7
        [HALT, 1], // 8
      ])],
      [[0, 10_000_000, 7, 1_000_003]],
      [],
    ),
  mandelbrot: () =>
    run(
      [asm([
        [LOADK, 0, 0], // 0
        [LOADK, 1, 1], // 1
        [LOADK, 2, 2], // 2
        [LOADK, 3, 2], // 3
        [MOVE, 4, 0], // 4
        [FORPREP, 3, 39], // 5
        [FLOAT, 10, 3], // 6
        [MULKR, 9, 3, 10], // 7
        [FLOAT, 10, 0], // 8
        [DIV, 8, 9, 10], // 9
        [SUBK, 6, 8, 4], // 10
        [LOADK, 7, 2], // 11
        [MOVE, 8, 0], // 12
        [FORPREP, 7, 38], // 13
        [FLOAT, 17, 7], // 14
        [MULKR, 16, 5, 17], // 15
        [FLOAT, 17, 0], // 16
        [DIV, 15, 16, 17], // 17
        [SUBK, 10, 15, 3], // 18
        [LOADK, 11, 6], // 19
        [LOADK, 12, 6], // 20
        [LOADK, 13, 2], // 21
        [JLT, 35, 13, 1], // 22
        [MUL, 16, 11, 11], // 23
        [MUL, 17, 12, 12], // 24
        [ADD, 15, 16, 17], // 25
        [JLEK, 35, 15, 7], // 26
        [SUB, 16, 16, 17], // 27
        [ADD, 14, 16, 10], // 28
        [MULKR, 16, 3, 11], // 29
        [MUL, 15, 16, 12], // 30
        [ADD, 12, 15, 6], // 31
        [MOVE, 11, 14], // 32
        [ADDI, 13, 13, 1], // 33
        [LOOP, 22], // 34
        [JEQ, 37, 13, 1], // 35
        [ADDI, 2, 2, 1], // 36
        [FORLOOP, 7, 14], // 37
        [FORLOOP, 3, 6], // 38
        [HALT, 2], // 39
      ])],
      [[300, 50, 0, 2.0, 1.0, 3.0, 0.0, 4.0]],
      [],
    ),
  dot: () => {
    const len = 10_000, a = new Float32Array(len), b = new Float32Array(len);
    for (let i = 0; i < len; i++) {
      a[i] = i / (len - 1);
      b[i] = 1 - i / (len - 1);
    }
    return run(
      [asm([
        [LOADK, 4, 0], // 0
        [LOADK, 5, 1], // 1
        [LOADK, 6, 2], // 2
        [FORPREP, 5, 15], // 3
        [LOADK, 8, 0], // 4
        [LOADK, 9, 1], // 5
        [LOADK, 10, 3], // 6
        [FORPREP, 9, 13], // 7
        [GETIDX, 13, 0, 9], // 8
        [GETIDX, 14, 1, 9], // 9
        [MUL, 12, 13, 14], // 10
        [ADD, 8, 8, 12], // 11
        [FORLOOP, 9, 8], // 12
        [ADD, 4, 4, 8], // 13
        [FORLOOP, 5, 4], // 14
        [HALT, 4], // 15
      ])],
      [[0.0, 0, 300, 10_000]],
      [a, b],
    );
  },
};

const name = Deno.args[0] ?? "empty";
if (!(name in PROGRAMS)) throw new Error(`unknown program ${name}`);
const r = PROGRAMS[name]();
if (name !== "empty") console.log(r);
