// Bracket literals (spec §2): a non-empty `[…]` of int/float scalars, or of
// nested `[…]` of them, rectangular, is a tensor (f32 if any float, else
// i32); `[]` and anything else is a list.

import type { Expr } from "../compiler/ast.ts";
import * as K from "../kernels/mod.ts";
import { evalExpr } from "./interp_expr.ts";
import type { InterpState } from "./interp_state.ts";
import { runtimeError } from "./runtime_error.ts";
import { guardKernel } from "./tensor_bridge.ts";
import { DlFloat, DlList, type Env, type Value } from "./values.ts";

type Bracket = Extract<Expr, { kind: "Bracket" }>;

/** A nested literal's numbers before they become a tensor. */
interface RawTensor {
  readonly shape: number[];
  readonly flat: number[];
  readonly anyFloat: boolean;
}

type Raw = RawTensor | { readonly list: Value };

/** Evaluates a bracket literal to a tensor or a list. */
export function evalBracket(st: InterpState, e: Bracket, env: Env): Value {
  return buildBracket(e, (x) => evalExpr(st, x, env));
}

/**
 * Builds a bracket literal whose non-bracket elements (at any depth) come
 * from `leaf`, called once per element in source order: the interpreter
 * evaluates them there, the VM reads them from consecutive registers.
 */
export function buildBracket(e: Bracket, leaf: (x: Expr) => Value): Value {
  return finish(e, walkRaw(e, leaf));
}

function finish(e: Bracket, r: Raw): Value {
  if ("list" in r) return r.list;
  return guardKernel(
    e.span,
    () => K.fromFlat(r.flat, r.shape, r.anyFloat ? "f32" : "i32"),
  );
}

function walkRaw(e: Bracket, leaf: (x: Expr) => Value): Raw {
  const n = e.elements.length;
  if (n === 0) return { list: new DlList([]) };
  // Element i is either a plain value or, for a nested `[…]`, a Raw.
  const values: Value[] = new Array(n);
  const raws: (Raw | undefined)[] = new Array(n);
  let scalars = 0, nested = 0;
  for (let i = 0; i < n; i++) {
    const x = e.elements[i];
    if (x.kind === "Bracket") {
      const r = walkRaw(x, leaf);
      raws[i] = r;
      if (!("list" in r)) nested++;
    } else {
      const v = leaf(x);
      values[i] = v;
      if (typeof v === "number" || v instanceof DlFloat) scalars++;
    }
  }
  if (scalars === n) {
    let anyFloat = false;
    const flat = (values as (number | DlFloat)[]).map((v) => {
      if (typeof v === "number") return v;
      anyFloat = true;
      return v.value;
    });
    return { shape: [n], flat, anyFloat };
  }
  if (nested === n) return stackRaw(e, raws as RawTensor[]);
  const items: Value[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = raws[i];
    items[i] = r === undefined
      ? values[i]
      : finish(e.elements[i] as Bracket, r);
  }
  return { list: new DlList(items) };
}

function stackRaw(e: Bracket, rows: RawTensor[]): RawTensor {
  const inner = rows[0].shape;
  const flat: number[] = [];
  let anyFloat = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (
      r.shape.length !== inner.length || r.shape.some((d, j) => d !== inner[j])
    ) {
      throw runtimeError("R0007", e.elements[i].span, [
        `ragged nested literal: expected ${inner[0]} elements, found ${
          r.shape[0]
        }`,
      ]);
    }
    anyFloat ||= r.anyFloat;
    for (const x of r.flat) flat.push(x);
  }
  return { shape: [rows.length, ...inner], flat, anyFloat };
}
