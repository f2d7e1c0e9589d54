// The printer: AST → dl source. Parenthesises by the precedences of
// parse_rules.ts so that parsing the output gives back the same tree (modulo
// spans); used by round-trip tests and tools that show code to users.

import type {
  Block,
  DimExpr,
  Expr,
  MatchArm,
  Param,
  Pattern,
  Program,
  SliceExpr,
  Stmt,
  TypeArg,
  TypeExpr,
} from "./ast.ts";
import { binaryPrec, Prec } from "./parse_rules.ts";

const INDENT = "    ";

/** Prints a whole program, one statement per line. */
export function printProgram(program: Program): string {
  return program.body.map((s) => printStmt(s, 0)).join("\n") +
    (program.body.length > 0 ? "\n" : "");
}

/** Prints one statement at an indentation depth (without a newline). */
export function printStmt(s: Stmt, depth = 0): string {
  return INDENT.repeat(depth) + stmtText(s, depth);
}

/** Prints an expression (blocks inside it are laid out at depth 0). */
export function printExpr(e: Expr): string {
  return expr(e, 0, Prec.None);
}

/** Prints a type annotation. */
export function printType(t: TypeExpr | TypeArg): string {
  switch (t.kind) {
    case "NamedType":
      return t.args.length === 0
        ? t.name
        : `${t.name}<${t.args.map(printType).join(", ")}>`;
    case "ShapeType":
      return `[${t.dims.map(dimText).join(", ")}]`;
    case "TupleType":
      return t.elements.length === 1
        ? `(${printType(t.elements[0])},)`
        : `(${t.elements.map(printType).join(", ")})`;
    case "FnType":
      return `fn(${t.params.map(printType).join(", ")}) -> ${
        printType(t.result)
      }`;
  }
}

/** Prints a pattern. */
export function printPattern(p: Pattern): string {
  switch (p.kind) {
    case "LitPattern":
      return printExpr(p.value);
    case "NamePattern":
      return p.name;
    case "WildcardPattern":
      return "_";
    case "TuplePattern":
      return p.elements.length === 1
        ? `(${printPattern(p.elements[0])},)`
        : `(${p.elements.map(printPattern).join(", ")})`;
    case "OrPattern":
      return p.alternatives.map(printPattern).join(" | ");
  }
}

function dimText(d: DimExpr): string {
  switch (d.kind) {
    case "DimInt":
      return String(d.value);
    case "DimName":
      return d.name;
    case "DimAny":
      return "_";
  }
}

// ---------------------------------------------------------------- statements

function stmtText(s: Stmt, depth: number): string {
  switch (s.kind) {
    case "Let": {
      const kw = s.mutable ? "var" : "let";
      const type = s.type ? `: ${printType(s.type)}` : "";
      return `${kw} ${printPattern(s.pattern)}${type} = ${
        expr(s.value, depth, Prec.None)
      }`;
    }
    case "Assign":
      return `${stmtExpr(s.target, depth)} ${s.op} ${
        expr(s.value, depth, Prec.None)
      }`;
    case "ExprStmt":
      return stmtExpr(s.expr, depth);
    case "While":
      return `while ${expr(s.cond, depth, Prec.None)} ${block(s.body, depth)}`;
    case "For":
      return `for ${printPattern(s.pattern)} in ${
        expr(s.iterable, depth, Prec.None)
      } ${block(s.body, depth)}`;
    case "Break":
      return "break";
    case "Continue":
      return "continue";
    case "Return":
      return s.value ? `return ${expr(s.value, depth, Prec.None)}` : "return";
    case "FnDecl":
      return `fn ${s.name}${params(s.params, depth)}${resultText(s.result)} ${
        block(s.body, depth)
      }`;
    case "ModelDecl": {
      const inner = s.body.map((m) => printStmt(m, depth + 1)).join("\n");
      const body = s.body.length === 0
        ? "{}"
        : `{\n${inner}\n${INDENT.repeat(depth)}}`;
      return `model ${s.name}${params(s.params, depth)} ${body}`;
    }
    case "Import":
      return `import ${quote(s.path)}`;
  }
}

/** An expression in statement position: `var(x)` must not read as `var`. */
function stmtExpr(e: Expr, depth: number): string {
  const text = expr(e, depth, Prec.None);
  return leftmostName(e) === "var" ? `(${text})` : text;
}

function leftmostName(e: Expr): string | undefined {
  switch (e.kind) {
    case "Name":
      return e.name;
    case "Binary":
      return needsParens(e.left, binaryPrec(e.op), e.op === "**")
        ? undefined
        : leftmostName(e.left);
    case "Range":
      return exprPrec(e.start) <= Prec.Range
        ? undefined
        : leftmostName(e.start);
    case "Call":
      return postfixTarget(e.callee) ? leftmostName(e.callee) : undefined;
    case "Index":
    case "Member":
      return postfixTarget(e.target) ? leftmostName(e.target) : undefined;
    default:
      return undefined;
  }
}

function params(ps: readonly Param[], depth: number): string {
  return "(" + ps.map((p) => {
    const type = p.type ? `: ${printType(p.type)}` : "";
    const def = p.default ? ` = ${expr(p.default, depth, Prec.None)}` : "";
    return p.name + type + def;
  }).join(", ") + ")";
}

function resultText(t: TypeExpr | undefined): string {
  return t ? ` -> ${printType(t)}` : "";
}

function block(b: Block, depth: number): string {
  if (b.body.length === 0) return "{}";
  const inner = b.body.map((s) => printStmt(s, depth + 1)).join("\n");
  return `{\n${inner}\n${INDENT.repeat(depth)}}`;
}

// ---------------------------------------------------------------- expressions

/** The binding power of an expression's outermost operator. */
function exprPrec(e: Expr): number {
  switch (e.kind) {
    case "Range":
      return Prec.Range;
    case "Binary":
      return binaryPrec(e.op);
    case "Unary":
      return Prec.Unary;
    case "IntLit":
    case "FloatLit":
      return e.value < 0 || Object.is(e.value, -0) ? Prec.Unary : Prec.Primary;
    case "Call":
    case "Index":
    case "Member":
      return Prec.Postfix;
    case "If":
    case "Match":
    case "Block":
    case "Lambda":
      // Parsed as primaries, but clearer in parentheses as operands.
      return Prec.None;
    default:
      return Prec.Primary;
  }
}

function needsParens(e: Expr, min: number, tight: boolean): boolean {
  const p = exprPrec(e);
  return tight ? p <= min : p < min;
}

function postfixTarget(e: Expr): boolean {
  if (exprPrec(e) < Prec.Postfix) return false;
  return e.kind !== "IntLit" && e.kind !== "FloatLit";
}

/** Prints `e`, parenthesised if it binds looser than `min`. */
function expr(e: Expr, depth: number, min: number): string {
  const text = exprText(e, depth);
  return exprPrec(e) < min ? `(${text})` : text;
}

function operand(e: Expr, depth: number, min: number, tight: boolean) {
  const text = exprText(e, depth);
  return needsParens(e, min, tight) ? `(${text})` : text;
}

function target(e: Expr, depth: number, member?: boolean): string {
  const text = exprText(e, depth);
  const numericField = member && e.kind === "Member" && /^\d/.test(e.name);
  return postfixTarget(e) && !numericField ? text : `(${text})`;
}

function list(es: readonly Expr[], depth: number): string {
  return es.map((x) => expr(x, depth, Prec.None)).join(", ");
}

function exprText(e: Expr, depth: number): string {
  switch (e.kind) {
    case "IntLit":
      return String(e.value);
    case "FloatLit":
      return floatText(e.value);
    case "StrLit":
      return quote(e.value);
    case "BoolLit":
      return String(e.value);
    case "Name":
      return e.name;
    case "Unary":
      return e.op + operand(e.operand, depth, Prec.Unary, false);
    case "Binary": {
      const prec = binaryPrec(e.op);
      const right = e.op === "**";
      return `${operand(e.left, depth, prec, right)} ${e.op} ${
        operand(e.right, depth, prec, !right)
      }`;
    }
    case "Range":
      return `${operand(e.start, depth, Prec.Range, true)}${
        e.inclusive ? "..=" : ".."
      }${operand(e.end, depth, Prec.Range, true)}`;
    case "Call":
      return `${target(e.callee, depth)}(${
        e.args.map((a) =>
          (a.name !== undefined ? `${a.name}: ` : "") +
          expr(a.value, depth, Prec.None)
        ).join(", ")
      })`;
    case "Index":
      return `${target(e.target, depth)}[${
        e.indices.map((i) => indexText(i, depth)).join(", ")
      }]`;
    case "Member":
      return `${target(e.target, depth, true)}.${e.name}`;
    case "Bracket":
      return `[${list(e.elements, depth)}]`;
    case "Tuple":
      return e.elements.length === 1
        ? `(${list(e.elements, depth)},)`
        : `(${list(e.elements, depth)})`;
    case "If":
      return ifText(e, depth);
    case "Block":
      return block(e, depth);
    case "Match":
      return matchText(e.subject, e.arms, depth);
    case "Lambda":
      return `fn${params(e.params, depth)}${resultText(e.result)} ${
        block(e.body, depth)
      }`;
  }
}

function ifText(e: Extract<Expr, { kind: "If" }>, depth: number): string {
  let text = `if ${expr(e.cond, depth, Prec.None)} ${block(e.then, depth)}`;
  if (e.else) {
    text += " else " +
      (e.else.kind === "If" ? ifText(e.else, depth) : block(e.else, depth));
  }
  return text;
}

function matchText(
  subject: Expr,
  arms: readonly MatchArm[],
  depth: number,
): string {
  const pad = INDENT.repeat(depth + 1);
  const lines = arms.map((a) => {
    const guard = a.guard ? ` if ${expr(a.guard, depth + 1, Prec.None)}` : "";
    return `${pad}${printPattern(a.pattern)}${guard} => ${
      expr(a.body, depth + 1, Prec.None)
    },`;
  });
  const head = `match ${expr(subject, depth, Prec.None)} `;
  if (lines.length === 0) return head + "{}";
  return `${head}{\n${lines.join("\n")}\n${INDENT.repeat(depth)}}`;
}

function indexText(i: Expr | SliceExpr, depth: number): string {
  if (i.kind !== "Slice") return expr(i, depth, Prec.None);
  const part = (x: Expr | undefined) =>
    x === undefined ? "" : expr(x, depth, Prec.None);
  const step = i.step !== undefined ? `:${part(i.step)}` : "";
  return `${part(i.start)}:${part(i.stop)}${step}`;
}

function floatText(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "1e999" : "-1e999";
  const s = String(v);
  return /[.e]/.test(s) ? s : s + ".0";
}

/** A dl string literal for `s`. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 32 || c === 127) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}
