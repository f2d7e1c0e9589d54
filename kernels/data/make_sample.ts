// Makes the small Fashion-MNIST sample shipped in examples/data/ from the full
// set (Debian's dataset-fashion-mnist): the first 300 training and 100 test
// images of each class, in their original order, as gzipped IDX ubyte files.
// Deterministic: the same input always gives the same files.
//
//   deno run --allow-read --allow-write kernels/data/make_sample.ts \
//     [/usr/share/datasets/fashion-mnist] [examples/data/fashion-mnist-sample]

import { KernelError } from "../errors.ts";
import { Tensor } from "../tensor.ts";
import { findDataset } from "./dataset.ts";
import { loadIdx, saveIdx } from "./idx.ts";

/** Per-class counts of the shipped sample. */
export const SAMPLE_PER_CLASS = { train: 300, test: 100 } as const;

/**
 * Indices (ascending) of the first `perClass` rows of each label value, so
 * every class is equally represented; fewer when a class has fewer rows.
 */
export function stratifiedIndices(
  labels: Tensor,
  perClass: number,
): Int32Array {
  const taken = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < labels.size; i++) {
    const c = labels.at(i), k = taken.get(c) ?? 0;
    if (k < perClass) {
      taken.set(c, k + 1);
      out.push(i);
    }
  }
  return Int32Array.from(out);
}

/** Rows `rows` of `t` along its first dim, as a new contiguous tensor. */
export function gatherRows(t: Tensor, rows: Int32Array): Tensor {
  const src = t.contiguous();
  const inner = src.shape.slice(1);
  const row = inner.reduce((a, b) => a * b, 1);
  const out = Tensor.zeros(src.dtype, [rows.length, ...inner]);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < row; j++) {
      out.data[i * row + j] = src.data[rows[i] * row + j];
    }
  }
  return out;
}

/** Writes the stratified sample of both splits from `srcRoot` into `outDir`. */
export function makeSample(srcRoot: string, outDir: string): string[] {
  Deno.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const split of ["train", "test"] as const) {
    const found = findDataset("fashion-mnist", split, {
      systemDir: srcRoot,
      sampleDir: null,
    });
    if (!found.ok) throw found.error;
    const images = loadIdx(found.files.images);
    const labels = loadIdx(found.files.labels);
    const rows = stratifiedIndices(labels, SAMPLE_PER_CLASS[split]);
    const prefix = split === "train" ? "train" : "t10k";
    const imgPath = `${outDir}/${prefix}-images-idx3-ubyte.gz`;
    const lblPath = `${outDir}/${prefix}-labels-idx1-ubyte.gz`;
    saveIdx(gatherRows(images, rows), imgPath, { type: "ubyte" });
    saveIdx(gatherRows(labels, rows), lblPath, { type: "ubyte" });
    written.push(imgPath, lblPath);
  }
  return written;
}

if (import.meta.main) {
  const root = Deno.args[0]?.replace(/\/fashion-mnist\/?$/, "") ??
    "/usr/share/datasets";
  const out = Deno.args[1] ??
    decodeURIComponent(
      new URL("../../examples/data/fashion-mnist-sample", import.meta.url)
        .pathname,
    );
  try {
    for (const p of makeSample(root, out)) {
      console.log(`wrote ${p} (${Deno.statSync(p).size} bytes)`);
    }
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    console.error(`error: ${e.message}`);
    Deno.exit(1);
  }
}
