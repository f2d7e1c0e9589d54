// Generates a large, valid, type-correct dl program for front-end benchmarks:
// a repeating mix of functions, scalar and tensor code, loops, matches and a
// model, numbered so names never clash.

/** One block of the program (about 25 lines), with names suffixed by `k`. */
function unit(k: number): string {
  return `// unit ${k}
fn f${k}(a: int, b: float) -> float {
    let c = float(a) * b + 1.5
    if c > 10.0 { c / 2.0 } else { c * 2.0 }
}
let x${k} = f${k}(${k % 97}, 0.25)
var acc${k} = 0
for i in 0..4 {
    acc${k} += i * ${k % 13 + 1}
}
let s${k} = match acc${k} % 3 {
    0 => "zero",
    1 | 2 => "some",
    _ => "other",
}
let t${k} = [[1.0, 2.0], [3.0, 4.0]]
let u${k} = t${k} @ t${k}.T + x${k}
let w${k} = sum(u${k}, axis: 1) * 0.5
model M${k}(n: int) {
    let w = ones([n, 2])
    fn forward(z) { relu(z @ w) }
}
let g${k} = fn(v: float) -> float { v * v - x${k} }
let msg${k} = s${k} + " " + str(g${k}(2.0))
`;
}

/** Lines in one unit. */
export const UNIT_LINES: number = unit(0).split("\n").length - 1;

/** A program of about `lines` lines (whole units). */
export function generateProgram(lines: number): string {
  const parts: string[] = [];
  const units = Math.ceil(lines / UNIT_LINES);
  for (let k = 0; k < units; k++) parts.push(unit(k));
  return parts.join("");
}
