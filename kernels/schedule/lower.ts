// Scheduling one fused kernel: lowers an expression DAG (kernels/graph/
// expr.ts) over one iteration shape into the loop IR, with one load per
// distinct leaf, one param per distinct scalar, each shared node computed
// once, and the conversions the eager kernels apply (an operand to its op's
// compute dtype, a result to its dtype). Dims are coalesced where every
// buffer walks them contiguously. Returns the kernel with the arguments of
// this launch (buffers, offsets, param values).

import { type Expr, leafTensor, realizedValue } from "../graph/expr.ts";
import { broadcastStrides, coalesce } from "../broadcast.ts";
import type { Tensor, TensorData } from "../tensor.ts";
import type {
  BufferSpec,
  CombineOpName,
  Instr,
  LoopKernel,
} from "./loop_ir.ts";

/** A kernel and the arguments of one launch. */
export interface Launch {
  readonly kernel: LoopKernel;
  readonly bufs: readonly TensorData[];
  readonly offsets: readonly number[];
  readonly params: readonly number[];
}

class Lowering {
  readonly body: Instr[] = [];
  readonly tensors: Tensor[] = [];
  readonly fullStrides: number[][] = [];
  readonly params: number[] = [];
  private readonly memo = new Map<Expr, number>();
  private readonly conv = new Map<string, number>();

  constructor(
    readonly shape: readonly number[],
    readonly root: Expr,
    readonly rootMayLoad: boolean,
  ) {}

  private emit(ins: Instr): number {
    this.body.push(ins);
    return this.body.length - 1;
  }

  private load(t: Tensor): number {
    this.tensors.push(t);
    this.fullStrides.push(broadcastStrides(t, this.shape));
    return this.emit({ k: "load", buf: this.tensors.length - 1 });
  }

  private convert(v: number, kind: "fround" | "bool"): number {
    const key = `${kind}${v}`;
    let r = this.conv.get(key);
    if (r === undefined) {
      r = this.emit({ k: kind, args: [v] });
      this.conv.set(key, r);
    }
    return r;
  }

  /** The value of `a` as the eager kernels feed it to an op computing in `compute`. */
  private operand(a: Expr, compute: string, condition: boolean): number {
    const v = this.node(a);
    if (condition) return v;
    if (a.kind === "scalar") {
      return compute === "f32" ? this.convert(v, "fround") : v;
    }
    return a.dtype === "i32" && compute === "f32"
      ? this.convert(v, "fround")
      : v;
  }

  node(n: Expr): number {
    const hit = this.memo.get(n);
    if (hit !== undefined) return hit;
    let v: number;
    const cached = n !== this.root || this.rootMayLoad
      ? realizedValue(n)
      : null;
    if (cached !== null) v = this.load(cached);
    else if (n.kind === "leaf") v = this.load(leafTensor(n));
    else if (n.kind === "scalar") {
      this.params.push(n.value);
      v = this.emit({ k: "param", index: this.params.length - 1 });
    } else if (n.kind === "cast") {
      v = this.node(n.arg);
      const from = n.arg.dtype;
      if (n.dtype === "f32" && (from === "i32" || from === "f64")) {
        v = this.convert(v, "fround");
      } else if (n.dtype === "bool" && from !== "bool") {
        v = this.convert(v, "bool");
      }
    } else {
      const cond = n.op === "where";
      const args = n.args.map((a, i) =>
        this.operand(a, n.compute, cond && i === 0)
      );
      v = this.emit({ k: "op", op: n.op, mode: n.mode, args });
      if (n.dtype === "f32") v = this.convert(v, "fround");
    }
    this.memo.set(n, v);
    return v;
  }

  launch(
    shape: number[],
    strides: number[][],
    result: number,
    out: LoopKernel["out"],
    reduce?: LoopKernel["reduce"],
  ): Launch {
    const bufs: BufferSpec[] = this.tensors.map((t, i) => ({
      dtype: t.dtype,
      strides: strides[i],
    }));
    const kernel: LoopKernel = {
      shape,
      bufs,
      nParams: this.params.length,
      body: this.body,
      result,
      out,
      ...(reduce === undefined ? {} : { reduce }),
    };
    return {
      kernel,
      bufs: this.tensors.map((t) => t.data),
      offsets: this.tensors.map((t) => t.offset),
      params: this.params,
    };
  }
}

/** The map kernel computing `root` (a pending node) into contiguous storage. */
export function lowerMap(root: Expr): Launch {
  const L = new Lowering(root.shape, root, false);
  const result = L.node(root);
  const c = coalesce(root.shape, L.fullStrides);
  return L.launch(c.shape, c.strides, result, root.dtype);
}

/** Which dims a reduce kernel folds: one axis, or all (axis undefined). */
export interface ReduceLowering {
  readonly axis?: number;
  readonly combine: CombineOpName;
  readonly identity: number;
}

/**
 * The reduce kernel folding `root`'s values along `spec.axis` (or all dims)
 * into outer × inner binary64 accumulators, in the eager kernels' order.
 */
export function lowerReduce(root: Expr, spec: ReduceLowering): Launch {
  const L = new Lowering(root.shape, root, true);
  const result = L.node(root);
  const rank = root.shape.length;
  const a0 = spec.axis ?? 0, a1 = spec.axis === undefined ? rank : a0 + 1;
  const groups = [[0, a0], [a0, a1], [a1, rank]].map(([lo, hi]) =>
    hi > lo
      ? coalesce(
        root.shape.slice(lo, hi),
        L.fullStrides.map((s) => s.slice(lo, hi)),
      )
      : { shape: [], strides: L.fullStrides.map(() => []) }
  );
  const shape = groups.flatMap((g) => g.shape);
  const strides = L.fullStrides.map((_, b) =>
    groups.flatMap((g) => g.strides[b])
  );
  const redStart = groups[0].shape.length;
  const innerStart = redStart + groups[1].shape.length;
  return L.launch(shape, strides, result, "f64", {
    combine: spec.combine,
    identity: spec.identity,
    redStart,
    innerStart,
  });
}
