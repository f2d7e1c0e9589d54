// The abstract syntax tree: what the parser produces and the checker, the
// interpreter and the IR lowering consume. Plain immutable data; every node
// carries the span of the source text it came from.

import type { SourceFile, Span } from "./core/span.ts";

/** A parsed file: its top-level statements in order. */
export interface Program {
  readonly kind: "Program";
  readonly file: SourceFile;
  readonly body: readonly Stmt[];
  readonly span: Span;
}

// ---------------------------------------------------------------- types

/** A dimension in a tensor type: `64`, `N`, `_`. */
export type DimExpr =
  | { readonly kind: "DimInt"; readonly value: number; readonly span: Span }
  | { readonly kind: "DimName"; readonly name: string; readonly span: Span }
  | { readonly kind: "DimAny"; readonly span: Span };

/** A type annotation as written. */
export type TypeExpr =
  /** `int`, `float`, `bool`, `str`, `f32`, `Tensor`, `Tensor<f32>`, `Tensor<f32, [B, 10]>`, `List<int>`, a model name. */
  | {
    readonly kind: "NamedType";
    readonly name: string;
    readonly args: readonly TypeArg[];
    readonly span: Span;
  }
  /** `(int, float)`; `()` is the unit type. */
  | {
    readonly kind: "TupleType";
    readonly elements: readonly TypeExpr[];
    readonly span: Span;
  }
  /** `fn(int, float) -> bool`. */
  | {
    readonly kind: "FnType";
    readonly params: readonly TypeExpr[];
    readonly result: TypeExpr;
    readonly span: Span;
  };

/** An argument inside `<…>` of a type: a type or a shape `[d0, d1]`. */
export type TypeArg =
  | TypeExpr
  | {
    readonly kind: "ShapeType";
    readonly dims: readonly DimExpr[];
    readonly span: Span;
  };

// ---------------------------------------------------------------- patterns

/** Patterns of `match` arms; `let` and `for` use the Name/Wildcard/Tuple subset. */
export type Pattern =
  /** A literal: int, float, str or bool; `value` is the literal expression (possibly negated). */
  | { readonly kind: "LitPattern"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "NamePattern"; readonly name: string; readonly span: Span }
  | { readonly kind: "WildcardPattern"; readonly span: Span }
  | {
    readonly kind: "TuplePattern";
    readonly elements: readonly Pattern[];
    readonly span: Span;
  }
  | {
    readonly kind: "OrPattern";
    readonly alternatives: readonly Pattern[];
    readonly span: Span;
  };

// ---------------------------------------------------------------- expressions

/** Binary operators, as written. */
export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "@"
  | "**"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "&&"
  | "||";

/** Unary operators. */
export type UnaryOp = "-" | "!";

/** One argument of a call: positional, or named (`axis: 1`). */
export interface Arg {
  readonly name?: string;
  readonly value: Expr;
  readonly span: Span;
}

/** A slice inside an index: `a:b:c` with any part left out. */
export interface SliceExpr {
  readonly kind: "Slice";
  readonly start?: Expr;
  readonly stop?: Expr;
  readonly step?: Expr;
  readonly span: Span;
}

/** A parameter of a function or model constructor. */
export interface Param {
  readonly name: string;
  readonly type?: TypeExpr;
  /** `name: T = expr` — a default, making the parameter optional (a dl extension). */
  readonly default?: Expr;
  readonly span: Span;
}

/** One arm of a `match`. */
export interface MatchArm {
  readonly pattern: Pattern;
  readonly guard?: Expr;
  readonly body: Expr;
  readonly span: Span;
}

/** `{ stmts… }`: its value is its last statement when that is an expression statement, else `()`. */
export interface Block {
  readonly kind: "Block";
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** Expressions. */
export type Expr =
  | { readonly kind: "IntLit"; readonly value: number; readonly span: Span }
  | { readonly kind: "FloatLit"; readonly value: number; readonly span: Span }
  | { readonly kind: "StrLit"; readonly value: string; readonly span: Span }
  | { readonly kind: "BoolLit"; readonly value: boolean; readonly span: Span }
  | { readonly kind: "Name"; readonly name: string; readonly span: Span }
  | {
    readonly kind: "Unary";
    readonly op: UnaryOp;
    readonly operand: Expr;
    readonly span: Span;
  }
  | {
    readonly kind: "Binary";
    readonly op: BinaryOp;
    readonly left: Expr;
    readonly right: Expr;
    readonly span: Span;
  }
  /** `a..b` or `a..=b`. */
  | {
    readonly kind: "Range";
    readonly start: Expr;
    readonly end: Expr;
    readonly inclusive: boolean;
    readonly span: Span;
  }
  | {
    readonly kind: "Call";
    readonly callee: Expr;
    readonly args: readonly Arg[];
    readonly span: Span;
  }
  /** `x[i, 1:, ::2]`. */
  | {
    readonly kind: "Index";
    readonly target: Expr;
    readonly indices: readonly (Expr | SliceExpr)[];
    readonly span: Span;
  }
  /** `a.b`, and tuple fields `t.0` (name `"0"`). */
  | {
    readonly kind: "Member";
    readonly target: Expr;
    readonly name: string;
    readonly nameSpan: Span;
    readonly span: Span;
  }
  /** `[…]`: a tensor literal or a list, decided by the checker (spec §2). */
  | {
    readonly kind: "Bracket";
    readonly elements: readonly Expr[];
    readonly span: Span;
  }
  /** `(a, b)`; `()` is the unit value. A parenthesised single expression is not a tuple. */
  | {
    readonly kind: "Tuple";
    readonly elements: readonly Expr[];
    readonly span: Span;
  }
  /** `if c { … } else …`; `else` holds a Block or another If. */
  | {
    readonly kind: "If";
    readonly cond: Expr;
    readonly then: Block;
    readonly else?: Block | Extract<Expr, { kind: "If" }>;
    readonly span: Span;
  }
  | Block
  | {
    readonly kind: "Match";
    readonly subject: Expr;
    readonly arms: readonly MatchArm[];
    readonly span: Span;
  }
  /** `fn(x, y: int) -> T { … }`. */
  | {
    readonly kind: "Lambda";
    readonly params: readonly Param[];
    readonly result?: TypeExpr;
    readonly body: Block;
    readonly span: Span;
  };

// ---------------------------------------------------------------- statements

/** Compound assignment operators. */
export type AssignOp = "=" | "+=" | "-=" | "*=" | "/=";

/** A named function declaration (top level, nested, or a model method). */
export interface FnDecl {
  readonly kind: "FnDecl";
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly Param[];
  readonly result?: TypeExpr;
  readonly body: Block;
  readonly span: Span;
}

/** `model Name(params) { let/var fields; fn methods }`. */
export interface ModelDecl {
  readonly kind: "ModelDecl";
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly Param[];
  /** Let statements (fields) and FnDecls (methods), in source order. */
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** Statements. */
export type Stmt =
  /** `let p = e`, `let p: T = e`, `var x = e`. */
  | {
    readonly kind: "Let";
    readonly pattern: Pattern;
    readonly type?: TypeExpr;
    readonly value: Expr;
    readonly mutable: boolean;
    readonly span: Span;
  }
  /** `x = e`, `x += e`, `x[i] = e`, `m.field = e`. */
  | {
    readonly kind: "Assign";
    readonly target: Expr;
    readonly op: AssignOp;
    readonly value: Expr;
    readonly span: Span;
  }
  | { readonly kind: "ExprStmt"; readonly expr: Expr; readonly span: Span }
  | {
    readonly kind: "While";
    readonly cond: Expr;
    readonly body: Block;
    readonly span: Span;
  }
  | {
    readonly kind: "For";
    readonly pattern: Pattern;
    readonly iterable: Expr;
    readonly body: Block;
    readonly span: Span;
  }
  | { readonly kind: "Break"; readonly span: Span }
  | { readonly kind: "Continue"; readonly span: Span }
  | { readonly kind: "Return"; readonly value?: Expr; readonly span: Span }
  | FnDecl
  | ModelDecl
  | {
    readonly kind: "Import";
    readonly path: string;
    readonly pathSpan: Span;
    readonly span: Span;
  };

/** Any node with a span. */
export type Node =
  | Program
  | Stmt
  | Expr
  | Pattern
  | TypeExpr
  | TypeArg
  | SliceExpr
  | Arg
  | Param
  | MatchArm;
