// Which expressions cannot write a local variable's register while they are
// evaluated: lowering may then read an earlier operand in place (from the
// variable's own register) instead of copying it to a temporary first.

import type { Expr } from "../ast.ts";

/**
 * True when evaluating `e` assigns no variable: no blocks, `if`, `match` or
 * other statement-bearing forms (calls cannot write a plain local: closures
 * capture variables as cells).
 */
export function isPlain(e: Expr): boolean {
  switch (e.kind) {
    case "IntLit":
    case "FloatLit":
    case "StrLit":
    case "BoolLit":
    case "Name":
    case "Lambda":
      return true;
    case "Unary":
      return isPlain(e.operand);
    case "Binary":
      return isPlain(e.left) && isPlain(e.right);
    case "Range":
      return isPlain(e.start) && isPlain(e.end);
    case "Member":
      return isPlain(e.target);
    case "Call":
      return isPlain(e.callee) && e.args.every((a) => isPlain(a.value));
    case "Index":
      return isPlain(e.target) &&
        e.indices.every((i) => i.kind !== "Slice" && isPlain(i));
    case "Bracket":
    case "Tuple":
      return e.elements.every(isPlain);
    default:
      return false;
  }
}
