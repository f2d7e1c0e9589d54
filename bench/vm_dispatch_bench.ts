// Dispatch styles for the register VM, measured on the same 6-instruction
// loop body (the shape of the seed expression): a `switch` over literal
// opcode numbers (what vm/vm_dispatch.ts uses), a `switch` over imported
// constants, and a pre-decoded array of handler closures.
//
//   deno bench bench/vm_dispatch_bench.ts

const A = 0, B = 1, C = 2, D = 3, E = 4, J = 5;
const code = new Int32Array([
  ...[A, 0, 1, 2],
  ...[B, 0, 0, 3],
  ...[C, 1, 1, 0],
  ...[D, 2, 2, 0],
  ...[E, 3, 1, 0],
  ...[J, 0, 0, 0],
]);
const N = 200_000;

function switchLiteral(n: number): number {
  const F = new Float64Array(8);
  F[3] = 1.5;
  let pc = 0, k = 0;
  for (;;) {
    const op = code[pc], a = code[pc + 1], b = code[pc + 2], c = code[pc + 3];
    pc += 4;
    switch (op) {
      case 0:
        F[a] = F[b] + F[c];
        break;
      case 1:
        F[a] = F[b] * F[c];
        break;
      case 2:
        F[a] = F[b] - 1;
        break;
      case 3:
        F[a] = F[b] / 3;
        break;
      case 4:
        F[a] = F[b] + 0.5;
        break;
      case 5:
        if (++k >= n) return F[0];
        pc = 0;
        break;
    }
  }
}

function switchConst(n: number): number {
  const F = new Float64Array(8);
  F[3] = 1.5;
  let pc = 0, k = 0;
  for (;;) {
    const op = code[pc], a = code[pc + 1], b = code[pc + 2], c = code[pc + 3];
    pc += 4;
    switch (op) {
      case A:
        F[a] = F[b] + F[c];
        break;
      case B:
        F[a] = F[b] * F[c];
        break;
      case C:
        F[a] = F[b] - 1;
        break;
      case D:
        F[a] = F[b] / 3;
        break;
      case E:
        F[a] = F[b] + 0.5;
        break;
      case J:
        if (++k >= n) return F[0];
        pc = 0;
        break;
    }
  }
}

type Handler = (F: Float64Array, a: number, b: number, c: number) => void;
const HANDLERS: Handler[] = [
  (F, a, b, c) => {
    F[a] = F[b] + F[c];
  },
  (F, a, b, c) => {
    F[a] = F[b] * F[c];
  },
  (F, a, b) => {
    F[a] = F[b] - 1;
  },
  (F, a, b) => {
    F[a] = F[b] / 3;
  },
  (F, a, b) => {
    F[a] = F[b] + 0.5;
  },
];

function handlerArray(n: number): number {
  const F = new Float64Array(8);
  F[3] = 1.5;
  let pc = 0, k = 0;
  for (;;) {
    const op = code[pc];
    if (op === J) {
      if (++k >= n) return F[0];
      pc = 0;
      continue;
    }
    HANDLERS[op](F, code[pc + 1], code[pc + 2], code[pc + 3]);
    pc += 4;
  }
}

Deno.bench("switch, literal case numbers", { baseline: true }, () => {
  switchLiteral(N);
});
Deno.bench("switch, imported constants", () => {
  switchConst(N);
});
Deno.bench("pre-decoded handler array", () => {
  handlerArray(N);
});
