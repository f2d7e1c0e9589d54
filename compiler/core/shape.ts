// Shape rules over possibly symbolic dimensions, used by the checker (with
// names and unknowns) and by the kernels (with concrete sizes). A rule
// returns a shape or an error message; callers wrap messages in diagnostics.

/** A dimension: a size, a symbolic name (`N`), or null for unknown (`_`). */
export type Dim = number | string | null;

/** A shape: its dims, or null when even the rank is unknown. */
export type Shape = readonly Dim[];

/** A shape rule's result. */
export type ShapeResult = { ok: true; shape: Dim[] } | {
  ok: false;
  message: string;
};

/** Writes a shape as the user sees it: `[64, 784]`, `[B, _]`. */
export function formatShape(shape: Shape): string {
  return "[" + shape.map((d) => (d === null ? "_" : String(d))).join(", ") +
    "]";
}

/** Two dims are known to differ (both sizes, or a size against nothing). */
function dimsConflict(a: Dim, b: Dim): boolean {
  return typeof a === "number" && typeof b === "number" && a !== b;
}

/** numpy broadcasting of two shapes. */
export function broadcastShapes(a: Shape, b: Shape): ShapeResult {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (dimsConflict(da, db)) {
      return {
        ok: false,
        message: `cannot broadcast ${formatShape(a)} with ${
          formatShape(b)
        } (${da} != ${db})`,
      };
    } else if (da === db) out[i] = da;
    else {out[i] = typeof da === "number"
        ? da
        : typeof db === "number"
        ? db
        : (da ?? db);}
  }
  return { ok: true, shape: out };
}

/** numpy `matmul` shape rule (rank-1 operands are vectors; batch dims broadcast). */
export function matmulShape(a: Shape, b: Shape): ShapeResult {
  const err = (detail: string): ShapeResult => ({
    ok: false,
    message: `${formatShape(a)} @ ${formatShape(b)} (${detail})`,
  });
  if (a.length === 0 || b.length === 0) {
    return err("operands must have at least one dimension");
  }
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const k1 = a2[a2.length - 1], k2 = b2[b2.length - 2];
  if (dimsConflict(k1, k2)) return err(`${k1} != ${k2}`);
  const batch = broadcastShapes(a2.slice(0, -2), b2.slice(0, -2));
  if (!batch.ok) return err(batch.message);
  const out = [...batch.shape];
  if (a.length > 1) out.push(a2[a2.length - 2]);
  if (b.length > 1) out.push(b2[b2.length - 1]);
  return { ok: true, shape: out };
}

/** Normalises a possibly negative axis; null if out of range. */
export function normalizeAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : null;
}

/** Shape of a reduction over `axis` (all axes when undefined). */
export function reduceShape(
  shape: Shape,
  axis: number | undefined,
  keepdims: boolean,
): ShapeResult {
  if (axis === undefined) {
    return { ok: true, shape: keepdims ? shape.map(() => 1) : [] };
  }
  const a = normalizeAxis(axis, shape.length);
  if (a === null) {
    return {
      ok: false,
      message:
        `axis ${axis} is out of range for a tensor of rank ${shape.length}`,
    };
  }
  const out = [...shape];
  if (keepdims) out[a] = 1;
  else out.splice(a, 1);
  return { ok: true, shape: out };
}

/** Shape of `reshape(x, target)`, resolving one `-1`. */
export function reshapeShape(
  shape: Shape,
  target: readonly number[],
): ShapeResult {
  const err = (): ShapeResult => ({
    ok: false,
    message: `cannot reshape ${formatShape(shape)} into ${formatShape(target)}`,
  });
  if (target.filter((d) => d === -1).length > 1) return err();
  if (target.some((d) => d < -1)) return err();
  const known = shape.every((d) => typeof d === "number");
  const total = known ? (shape as number[]).reduce((p, d) => p * d, 1) : null;
  const rest = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const out: Dim[] = [...target];
  const hole = target.indexOf(-1);
  if (hole >= 0) {
    if (total === null) out[hole] = null;
    else if (rest === 0 || total % rest !== 0) return err();
    else out[hole] = total / rest;
  } else if (total !== null && total !== rest) return err();
  return { ok: true, shape: out };
}
