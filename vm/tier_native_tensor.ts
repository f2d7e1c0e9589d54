// Tensor reads in native code: the register types of contiguous rank-1
// f32/f64/i32 tensors, how each entry passes a tensor (its storage as an FFI
// buffer, its length and offset in the control array) and the LLVM of one
// bounds-checked element read (`a[i]`; an out-of-range index fails, so the
// VM re-runs the instruction and raises its exact error).

import { Tensor, type TensorData } from "../kernels/tensor.ts";
import { T_FLOAT, T_INT, T_UNKNOWN, type Ty } from "./tier_native_ops.ts";

/** A rank-1 f32 tensor (compile-time type of a register). */
export const T_TEN_F32 = -1;
/** A rank-1 f64 tensor. */
export const T_TEN_F64 = -2;
/** A rank-1 i32 tensor. */
export const T_TEN_I32 = -3;

const BY_DTYPE: Record<string, Ty> = {
  f32: T_TEN_F32,
  f64: T_TEN_F64,
  i32: T_TEN_I32,
};
const ELEM = new Map<Ty, { ll: string; ty: Ty }>([
  [T_TEN_F32, { ll: "float", ty: T_FLOAT }],
  [T_TEN_F64, { ll: "double", ty: T_FLOAT }],
  [T_TEN_I32, { ll: "i32", ty: T_INT }],
]);

/** First control-array slot of the tensor geometry. */
export const CTL_TENSORS = 2;
/** Control-array slots per tensor: length, offset. */
export const CTL_PER_TENSOR = 2;

/** True for the tensor register types. */
export function isTensorTy(t: Ty): boolean {
  return ELEM.has(t);
}

/** The tensor type of a runtime value (contiguous rank-1 f32/f64/i32), else unknown. */
export function tensorTyOf(v: unknown): Ty {
  if (!(v instanceof Tensor) || v.shape.length !== 1) return T_UNKNOWN;
  if (v.strides[0] !== 1 && v.shape[0] > 1) return T_UNKNOWN;
  return BY_DTYPE[v.dtype] ?? T_UNKNOWN;
}

/** The type of an element read from a tensor of type `t` (int or float). */
export function elemTy(t: Ty): Ty {
  return ELEM.get(t)?.ty ?? T_UNKNOWN;
}

/** LLVM parameters of a tensor argument `i` of an internal function. */
export function tensorParams(i: number): string[] {
  return [`i8* %a${i}p`, `i64 %a${i}n`, `i64 %a${i}o`];
}

/**
 * Entry lines defining %TP{r} (pointer to the first element) and %TN{r}
 * (length) of tensor register `r` of type `t`: from the
 * internal function's parameter `r` (`slot` null), or from buffer parameter
 * %B{slot} and the control array (an entry function).
 */
export function tensorEntry(r: number, t: Ty, slot: number | null): string[] {
  const ll = ELEM.get(t)!.ll;
  const out: string[] = [];
  if (slot === null) {
    out.push(
      `  %TB${r} = bitcast i8* %a${r}p to ${ll}*`,
      `  %TN${r} = add i64 %a${r}n, 0`,
      `  %TO${r} = add i64 %a${r}o, 0`,
    );
  } else {
    out.push(`  %TB${r} = bitcast i8* %B${slot} to ${ll}*`);
    ["N", "O"].forEach((k, i) => {
      const at = CTL_TENSORS + CTL_PER_TENSOR * slot + i;
      out.push(
        `  %T${k}${r}g = getelementptr i64, i64* %CTL, i64 ${at}`,
        `  %T${k}${r} = load i64, i64* %T${k}${r}g`,
      );
    });
  }
  out.push(`  %TP${r} = getelementptr ${ll}, ${ll}* %TB${r}, i64 %TO${r}`);
  return out;
}

/** What a read needs from the lowering. */
export interface ReadCtx {
  fresh(): string;
  em(line: string): void;
  /** Starts block `label` (the previous block must have ended). */
  block(label: string): void;
  /** Branches to the error exit when `cond` is true. */
  fail(cond: string): void;
}

/** Emits `R[r][idx]` (idx an i32 value) for tensor register `r`; the element's value. */
export function emitTensorRead(
  r: number,
  t: Ty,
  idx: string,
  cx: ReadCtx,
): string {
  const { ll, ty } = ELEM.get(t)!;
  const x = cx.fresh(), inb = cx.fresh(), xa = cx.fresh(), oob = cx.fresh();
  const j = cx.fresh(), p = cx.fresh(), v = cx.fresh();
  const id = x.slice(2), from = `ix${id}`, neg = `in${id}`, join = `ij${id}`;
  // Fast path: 0 <= x < len in one unsigned compare; else a negative index
  // counts from the end, and what is still out of range fails.
  cx.em(`br label %${from}`);
  cx.block(from);
  cx.em(`${x} = sext i32 ${idx} to i64`);
  cx.em(`${inb} = icmp ult i64 ${x}, %TN${r}`);
  cx.em(`br i1 ${inb}, label %${join}, label %${neg}`);
  cx.block(neg);
  cx.em(`${xa} = add i64 ${x}, %TN${r}`);
  cx.em(`${oob} = icmp uge i64 ${xa}, %TN${r}`);
  cx.fail(oob);
  // A block of known name, so the phi can name it.
  const negEnd = `ie${id}`;
  cx.em(`br label %${negEnd}`);
  cx.block(negEnd);
  cx.em(`br label %${join}`);
  cx.block(join);
  cx.em(`${j} = phi i64 [${x}, %${from}], [${xa}, %${negEnd}]`);
  cx.em(`${p} = getelementptr ${ll}, ${ll}* %TP${r}, i64 ${j}`);
  cx.em(`${v} = load ${ll}, ${ll}* ${p}`);
  if (ll !== "float" || ty !== T_FLOAT) return v;
  const d = cx.fresh();
  cx.em(`${d} = fpext float ${v} to double`);
  return d;
}

/**
 * Checks that `v` still has tensor type `t` and stores its geometry in
 * `ctl` slot `slot`; its storage (realizing a pending tensor), or null.
 */
export function packTensor(
  v: unknown,
  t: Ty,
  ctl: BigInt64Array,
  slot: number,
): TensorData | null {
  if (tensorTyOf(v) !== t) return null;
  const ten = v as Tensor;
  const data = ten.data;
  const at = CTL_TENSORS + CTL_PER_TENSOR * slot;
  ctl[at] = BigInt(ten.shape[0]);
  ctl[at + 1] = BigInt(ten.offset);
  return data;
}
