// The LLVM IR generator: renders a loop-IR map kernel
// (kernels/schedule/loop_ir.ts) as LLVM IR text — one loop per level, the
// innermost vectorised 8 lanes wide (<8 x double>, loads widened from f32)
// when every buffer is contiguous or broadcast there, with a scalar tail;
// reduce kernels fold into binary64 accumulators in the JS order (scalar);
// values are binary64 as in the loop IR, so results match the JS backend.
// Compiling and loading is kernels/runtime/native_kernels.ts's job.

import type { DType } from "../../compiler/core/dtype.ts";
import type { LoopKernel } from "../schedule/loop_ir.ts";
import { LLVM_OPS, type LlvmEmitter } from "./llvm_ops.ts";

/** Vector lanes of the innermost loop. */
export const LLVM_LANES = 8;

/** The C name every rendered kernel is exported as. */
export const LLVM_KERNEL_SYMBOL = "dl_kernel";

/** Rendered IR (`void dl_kernel(b0.., out, i64* offsets, double* params)`). */
export type LlvmRender =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

const ELEM: Partial<Record<DType, string>> = {
  f32: "float",
  f64: "double",
  i32: "i32",
};

/** A float64 constant in LLVM's exact hexadecimal form. */
function hexDouble(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return "0x" + v.getBigUint64(0).toString(16).toUpperCase().padStart(16, "0");
}

/**
 * Renders `k` for LLVM `major` (14 writes typed pointers, 15+ opaque
 * `ptr`), or says why this kernel is not lowered (reductions, integer
 * semantics, dtypes or ops the first cut lacks).
 */
export function renderLlvm(k: LoopKernel, major: number): LlvmRender {
  const red = k.reduce;
  const outTy = k.out === "f32" ? "float" : k.out === "f64" ? "double" : null;
  if (outTy === null) return no(`output dtype ${k.out}`);
  const elems: string[] = [];
  for (const b of k.bufs) {
    const e = ELEM[b.dtype];
    if (e === undefined) return no(`buffer dtype ${b.dtype}`);
    elems.push(e);
  }
  for (const ins of k.body) {
    if (ins.k === "op" && (ins.mode !== "F" || LLVM_OPS[ins.op] === null)) {
      return no(`op ${ins.op}.${ins.mode}`);
    }
  }
  const opaque = major >= 15;
  const ptr = (e: string): string => opaque ? "ptr" : `${e}*`;
  const rank = k.shape.length, nb = k.bufs.length;
  const decls = new Set<string>();
  const lines: string[] = [];
  let n = 0;
  const fresh = (): string => `%t${n++}`;
  const emit = (l: string): void => {
    lines.push("  " + l);
  };
  const label = (l: string): void => {
    lines.push(`${l}:`);
  };
  const args = [
    ...elems.map((e, b) => `${ptr(e)} noalias readonly %B${b}`),
    `${ptr(outTy)} noalias %OUT`,
    `${ptr("i64")} noalias readonly %OFF`,
    `${ptr("double")} noalias readonly %PAR`,
  ];
  lines.push(`define void @${LLVM_KERNEL_SYMBOL}(${args.join(", ")}) {`);
  label("entry");
  // Per buffer and level, the element index at the start of that level's
  // current iteration lives in %p<b>_<level> (allocas; -O3 makes them SSA).
  for (let b = 0; b < nb; b++) {
    const g = fresh();
    emit(`${g} = getelementptr inbounds i64, ${ptr("i64")} %OFF, i64 ${b}`);
    emit(`%o${b} = load i64, ${ptr("i64")} ${g}`);
    for (let l = 0; l <= rank; l++) emit(`%p${b}_${l} = alloca i64`);
    emit(`store i64 %o${b}, ${ptr("i64")} %p${b}_0`);
  }
  emit(`%q = alloca i64`);
  emit(`store i64 0, ${ptr("i64")} %q`);
  emit(`%ob = alloca i64`);
  emit(`store i64 0, ${ptr("i64")} %ob`);
  for (let l = 0; l < rank; l++) emit(`%i${l} = alloca i64`);

  const inner = k.shape[rank - 1] ?? 1;
  // Reduce kernels stay scalar: their sums must keep the JS order.
  const vec = red === undefined && rank > 0 && inner >= LLVM_LANES &&
    k.bufs.every((b) => b.strides[rank - 1] === 0 || b.strides[rank - 1] === 1);

  // The body at width w (1 or LANES) for the current innermost position.
  const body = (w: number): void => {
    const vt = w === 1 ? "double" : `<${w} x double>`;
    const e: LlvmEmitter = {
      t: vt,
      bt: w === 1 ? "i1" : `<${w} x i1>`,
      sfx: w === 1 ? "f64" : `v${w}f64`,
      k: (x) =>
        w === 1
          ? hexDouble(x)
          : `<${Array(w).fill(`double ${hexDouble(x)}`).join(", ")}>`,
      fresh,
      emit,
      declare: (d) => decls.add(d),
    };
    const splat = (s: string): string => {
      if (w === 1) return s;
      const a = fresh(), r = fresh();
      emit(`${a} = insertelement <${w} x double> undef, double ${s}, i32 0`);
      emit(
        `${r} = shufflevector <${w} x double> ${a}, <${w} x double> undef, <${w} x i32> zeroinitializer`,
      );
      return r;
    };
    const widen = (v: string, from: string, t: string): string => {
      if (from === "double") return v;
      const r = fresh();
      emit(`${r} = ${from === "i32" ? "sitofp" : "fpext"} ${t} ${v} to ${vt}`);
      return r;
    };
    const vals: string[] = [];
    for (const ins of k.body) {
      if (ins.k === "load") {
        const el = elems[ins.buf];
        const idx = fresh(), at = fresh(), v = fresh();
        emit(`${idx} = load i64, ${ptr("i64")} %p${ins.buf}_${rank}`);
        emit(
          `${at} = getelementptr inbounds ${el}, ${
            ptr(el)
          } %B${ins.buf}, i64 ${idx}`,
        );
        const contiguous = w > 1 && k.bufs[ins.buf].strides[rank - 1] === 1;
        if (contiguous) {
          const vt2 = `<${w} x ${el}>`;
          let p = at;
          if (!opaque) {
            p = fresh();
            emit(`${p} = bitcast ${el}* ${at} to ${vt2}*`);
          }
          emit(`${v} = load ${vt2}, ${ptr(vt2)} ${p}, align 4`);
          vals.push(widen(v, el, vt2));
        } else {
          emit(`${v} = load ${el}, ${ptr(el)} ${at}`);
          const s = el === "double" ? v : fresh();
          if (el !== "double") {
            emit(
              `${s} = ${
                el === "i32" ? "sitofp" : "fpext"
              } ${el} ${v} to double`,
            );
          }
          vals.push(splat(s));
        }
      } else if (ins.k === "param") {
        const at = fresh(), v = fresh();
        emit(
          `${at} = getelementptr inbounds double, ${
            ptr("double")
          } %PAR, i64 ${ins.index}`,
        );
        emit(`${v} = load double, ${ptr("double")} ${at}`);
        vals.push(splat(v));
      } else if (ins.k === "fround") {
        const ft = w === 1 ? "float" : `<${w} x float>`;
        const a = fresh(), r = fresh();
        emit(`${a} = fptrunc ${vt} ${vals[ins.args[0]]} to ${ft}`);
        emit(`${r} = fpext ${ft} ${a} to ${vt}`);
        vals.push(r);
      } else if (ins.k === "bool") {
        const c = fresh(), r = fresh();
        emit(`${c} = fcmp une ${vt} ${vals[ins.args[0]]}, ${e.k(0)}`);
        emit(`${r} = uitofp ${e.bt} ${c} to ${vt}`);
        vals.push(r);
      } else {
        vals.push(LLVM_OPS[ins.op]!(e, ins.args.map((a) => vals[a])));
      }
    }
    if (red !== undefined) {
      accumulate(vals[k.result], e);
      return;
    }
    // Store contiguously at %q, narrowing to the output type.
    const ot = w === 1 ? outTy : `<${w} x ${outTy}>`;
    let res = vals[k.result];
    if (outTy === "float") {
      const r = fresh();
      emit(`${r} = fptrunc ${vt} ${res} to ${ot}`);
      res = r;
    }
    const q = fresh(), at = fresh();
    emit(`${q} = load i64, ${ptr("i64")} %q`);
    emit(
      `${at} = getelementptr inbounds ${outTy}, ${ptr(outTy)} %OUT, i64 ${q}`,
    );
    let p = at;
    if (w > 1 && !opaque) {
      p = fresh();
      emit(`${p} = bitcast ${outTy}* ${at} to ${ot}*`);
    }
    emit(`store ${ot} ${res}, ${ptr(ot)} ${p}, align 4`);
    const q2 = fresh();
    emit(`${q2} = add i64 ${q}, ${w}`);
    emit(`store i64 ${q2}, ${ptr("i64")} %q`);
  };

  // A counted loop over level l from `from` to `to` by `step` (constants or
  // SSA names), running `inside` each iteration and advancing every
  // buffer's index at level l by stride*step.
  let loops = 0;
  const loop = (
    l: number,
    from: string,
    to: number,
    step: number,
    inside: () => void,
  ): void => {
    const id = loops++;
    emit(`store i64 ${from}, ${ptr("i64")} %i${l}`);
    emit(`br label %head${id}`);
    label(`head${id}`);
    const i = fresh(), c = fresh();
    emit(`${i} = load i64, ${ptr("i64")} %i${l}`);
    emit(`${c} = icmp sle i64 ${i}, ${to - step}`);
    emit(`br i1 ${c}, label %body${id}, label %exit${id}`);
    label(`body${id}`);
    for (let b = 0; b < nb; b++) {
      const v = fresh();
      emit(`${v} = load i64, ${ptr("i64")} %p${b}_${l}`);
      emit(`store i64 ${v}, ${ptr("i64")} %p${b}_${l + 1}`);
    }
    inside();
    for (let b = 0; b < nb; b++) {
      const s = k.bufs[b].strides[l] * step;
      if (s === 0) continue;
      const v = fresh(), v2 = fresh();
      emit(`${v} = load i64, ${ptr("i64")} %p${b}_${l}`);
      emit(`${v2} = add i64 ${v}, ${s}`);
      emit(`store i64 ${v2}, ${ptr("i64")} %p${b}_${l}`);
    }
    const i2 = fresh();
    emit(`${i2} = add i64 ${i}, ${step}`);
    emit(`store i64 ${i2}, ${ptr("i64")} %i${l}`);
    emit(`br label %head${id}`);
    label(`exit${id}`);
  };

  // Reduce kernels: out[q] = combine(out[q], v), q = ob + inner position.
  const accumulate = (v: string, e: LlvmEmitter): void => {
    const q = fresh(), at = fresh(), old = fresh(), q2 = fresh();
    emit(`${q} = load i64, ${ptr("i64")} %q`);
    emit(
      `${at} = getelementptr inbounds double, ${ptr("double")} %OUT, i64 ${q}`,
    );
    emit(`${old} = load double, ${ptr("double")} ${at}`);
    const res = LLVM_OPS[red!.combine](e, [old, v]);
    emit(`store double ${res}, ${ptr("double")} ${at}`);
    emit(`${q2} = add i64 ${q}, 1`);
    emit(`store i64 ${q2}, ${ptr("i64")} %q`);
  };
  const innerSize = red === undefined
    ? 1
    : k.shape.slice(red.innerStart).reduce((s, d) => s * d, 1);

  const open = (l: number): void => {
    if (red !== undefined && l === red.innerStart) {
      const ob = fresh();
      emit(`${ob} = load i64, ${ptr("i64")} %ob`);
      emit(`store i64 ${ob}, ${ptr("i64")} %q`);
    }
    openLoops(l);
    if (red !== undefined && l === red.redStart) {
      const ob = fresh(), ob2 = fresh();
      emit(`${ob} = load i64, ${ptr("i64")} %ob`);
      emit(`${ob2} = add i64 ${ob}, ${innerSize}`);
      emit(`store i64 ${ob2}, ${ptr("i64")} %ob`);
    }
  };
  const openLoops = (l: number): void => {
    if (l === rank - 1 && vec) {
      const full = inner - inner % LLVM_LANES;
      loop(l, "0", full, LLVM_LANES, () => body(LLVM_LANES));
      if (full < inner) {
        const cur = fresh();
        emit(`${cur} = load i64, ${ptr("i64")} %i${l}`);
        loop(l, cur, inner, 1, () => body(1));
      }
    } else if (l === rank) body(1);
    else loop(l, "0", k.shape[l], 1, () => open(l + 1));
  };
  open(0);
  emit("ret void");
  lines.push("}");
  return { ok: true, text: [...decls, ...lines].join("\n") + "\n" };
}

function no(why: string): LlvmRender {
  return { ok: false, reason: why };
}
