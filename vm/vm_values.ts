// The VM's own values and prototypes: a function prototype prepared from
// the IR (code as Int32Array, constants boxed and unboxed), VM closures and
// model constructors (subclasses of the interpreter's, so printing,
// typeName and isCallable treat them alike), and register boxing.

import type { Param } from "../compiler/ast.ts";
import type { IrFn } from "../compiler/ir/ir.ts";
import { emitChunk } from "../compiler/bytecode/chunk.ts";
import { fuseCode } from "../compiler/bytecode/fuse.ts";
import type { Span } from "../compiler/core/span.ts";
import type { BindParam } from "./bind_args.ts";
import {
  type Cell,
  DlClosure,
  DlFloat,
  DlModelCtor,
  Env,
  UNIT,
} from "./values.ts";

/** Register tags: what a register's number (or object) means. */
export const TAG_OBJ = 0;
/** An int in the Float64 register. */
export const TAG_INT = 1;
/** A float in the Float64 register. */
export const TAG_FLOAT = 2;
/** A bool (0/1) in the Float64 register. */
export const TAG_BOOL = 3;

/** A function ready to run: code, constants, spans and nested prototypes. */
export interface Proto {
  readonly name: string;
  readonly kind: IrFn["kind"];
  readonly ir: IrFn;
  readonly code: Int32Array;
  /** `code` with fused pairs (compiler/bytecode/fuse.ts): what the VM's dispatch loop runs. */
  readonly vcode: Int32Array;
  readonly nregs: number;
  readonly nparams: number;
  readonly params: readonly BindParam[];
  readonly hasDefaults: boolean;
  /** Constants boxed (dl values, prototypes, opcode data). */
  readonly kv: unknown[];
  /** Numeric constants unboxed, with their tags. */
  readonly kn: Float64Array;
  readonly kt: Uint8Array;
  readonly spans: readonly (Span | undefined)[];
  /** Upvalue sources: pairs (1 = enclosing register, 0 = enclosing upvalue; index). */
  readonly upvals: Int32Array;
}

const EMPTY_ENV = new Env(null);
const NO_BODY = {
  kind: "Block",
  body: [],
  span: undefined,
} as unknown as DlClosure["body"];

/** A VM closure: a prototype and its captured cells. */
export class VmClosure extends DlClosure {
  /** `name` shows in stack traces and printing. */
  constructor(
    name: string,
    readonly proto: Proto,
    readonly upvals: Cell[],
  ) {
    super(
      name,
      (proto.ir.decl?.params ?? []) as readonly Param[],
      (proto.ir.decl?.kind === "ModelDecl"
        ? NO_BODY
        : proto.ir.decl?.body ?? NO_BODY) as DlClosure["body"],
      EMPTY_ENV,
    );
  }
}

/** A VM model constructor. */
export class VmModelCtor extends DlModelCtor {
  /** The constructor's prototype and captured cells. */
  constructor(readonly proto: Proto, readonly upvals: Cell[]) {
    super(proto.ir.decl as DlModelCtor["decl"], EMPTY_ENV);
  }
}

/** The boxed form of a constant. */
function boxConst(k: IrFn["consts"][number]): unknown {
  switch (k.kind) {
    case "int":
    case "bool":
    case "str":
      return k.value;
    case "float":
      return new DlFloat(k.value);
    case "unit":
      return UNIT;
    case "absent":
      return undefined;
    case "fn":
      return prepare(k.fn);
    case "data":
      return k.value;
  }
}

const prepared = new WeakMap<IrFn, Proto>();

/** Prepares an IR function (and, lazily, its nested ones) to run. */
export function prepare(fn: IrFn): Proto {
  const hit = prepared.get(fn);
  if (hit !== undefined) return hit;
  const chunk = emitChunk(fn);
  const kn = new Float64Array(fn.consts.length);
  const kt = new Uint8Array(fn.consts.length);
  fn.consts.forEach((k, i) => {
    if (k.kind === "int") [kn[i], kt[i]] = [k.value, TAG_INT];
    else if (k.kind === "float") [kn[i], kt[i]] = [k.value, TAG_FLOAT];
    else if (k.kind === "bool") [kn[i], kt[i]] = [k.value ? 1 : 0, TAG_BOOL];
  });
  const kv: unknown[] = new Array(fn.consts.length);
  const proto: Proto = {
    name: fn.name,
    kind: fn.kind,
    ir: fn,
    code: chunk.code,
    vcode: fuseCode(chunk.code),
    nregs: chunk.nregs,
    nparams: fn.params.length,
    params: fn.params,
    hasDefaults: fn.params.some((p) => p.optional),
    kv,
    kn,
    kt,
    spans: chunk.spans,
    upvals: chunk.upvals,
  };
  prepared.set(fn, proto);
  fn.consts.forEach((k, i) => kv[i] = boxConst(k));
  return proto;
}
