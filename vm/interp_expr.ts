// Expression evaluation of the tree-walker: one dispatch on the node kind;
// operators, calls, indexing and statements live in their own files. Kept
// lean because every dl call nests a few of these frames on the JS stack.

import type { Block, Expr } from "../compiler/ast.ts";
import { evalBinary, evalUnary } from "./interp_ops.ts";
import { evalCall } from "./interp_call.ts";
import { evalIndex, evalMember } from "./interp_index.ts";
import { evalBracket } from "./interp_literal.ts";
import { execIf, execMatch, execStmts, scopeFor } from "./interp_stmt.ts";
import { type InterpState, NORMAL, SIGNALS } from "./interp_state.ts";
import { runtimeError } from "./runtime_error.ts";
import {
  DlClosure,
  DlFloat,
  DlRange,
  DlTuple,
  type Env,
  UNIT,
  type Value,
} from "./values.ts";

/** Evaluates an expression to a value (throws DlRuntimeError or a ControlSignal). */
export function evalExpr(st: InterpState, e: Expr, env: Env): Value {
  switch (e.kind) {
    case "IntLit":
    case "StrLit":
    case "BoolLit":
      return e.value;
    case "FloatLit":
      return floatLiteral(e);
    case "Name": {
      const cell = env.lookup(e.name);
      if (cell === undefined) {
        throw runtimeError("R0007", e.span, [
          `cannot find \`${e.name}\` in this scope`,
        ]);
      }
      return cell.value;
    }
    case "Binary":
      return evalBinary(st, e, env);
    case "Unary":
      return evalUnary(st, e, env);
    case "Call":
      return evalCall(st, e, env);
    case "Index":
      return evalIndex(st, e, env);
    case "Member":
      return evalMember(st, e, env);
    case "Bracket":
      return evalBracket(st, e, env);
    case "Tuple":
      return e.elements.length === 0
        ? UNIT
        : new DlTuple(e.elements.map((x) => evalExpr(st, x, env)));
    case "Range":
      return evalRange(st, e, env);
    case "Block":
      return valueOf(st, execStmts(st, e.body, scopeFor(e, env)));
    case "If":
      return valueOf(st, execIf(st, e, env));
    case "Match":
      return valueOf(st, execMatch(st, e, env));
    case "Lambda":
      return new DlClosure("<lambda>", e.params, e.body, env);
  }
}

/** Evaluates a block in expression position (a new scope when it declares names). */
export function evalBlock(st: InterpState, b: Block, env: Env): Value {
  return valueOf(st, execStmts(st, b.body, scopeFor(b, env)));
}

/** The value left by a statement-mode evaluation, or the escaping control signal. */
function valueOf(st: InterpState, code: number): Value {
  if (code !== NORMAL) throw SIGNALS[code];
  return st.value;
}

const floatCache = new WeakMap<Expr, DlFloat>();

/** Float literals are immutable boxes, so each node keeps one. */
function floatLiteral(e: Extract<Expr, { kind: "FloatLit" }>): DlFloat {
  let f = floatCache.get(e);
  if (f === undefined) {
    f = new DlFloat(e.value);
    floatCache.set(e, f);
  }
  return f;
}

function evalRange(
  st: InterpState,
  e: Extract<Expr, { kind: "Range" }>,
  env: Env,
): DlRange {
  const a = evalExpr(st, e.start, env);
  const b = evalExpr(st, e.end, env);
  if (typeof a !== "number" || typeof b !== "number") {
    throw runtimeError("R0007", e.span, ["range bounds must be ints"]);
  }
  return new DlRange(a, e.inclusive ? b + 1 : b);
}
