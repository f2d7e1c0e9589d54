// Data builtins (spec §8) over kernels/data: load_idx, load_csv, load_npy,
// save_npy, save/load (safetensors with `params` names plus buffers),
// dataset, batches, progress and plot.

import * as D from "../../kernels/data/mod.ts";
import * as K from "../../kernels/mod.ts";
import { svgChart, textChart } from "../../kernels/nn/plot.ts";
import { iterateValue } from "../iterate.ts";
import {
  type BuiltinImpl,
  DlIterable,
  DlList,
  DlModel,
  DlTuple,
  isNumeric,
  numberOf,
  typeName,
  UNIT,
  type Value,
} from "../values.ts";
import { argError, req, toBool, toInt, toTensor } from "./convert.ts";
import { paramFields } from "./model_walk.ts";

const noted = new Set<string>();

function str(fn: string, v: Value | undefined, what: string): string {
  const s = req(fn, v, what);
  if (typeof s !== "string") {
    throw argError(fn, `${what} must be a str, found ${typeName(s)}`);
  }
  return s;
}

function model(fn: string, v: Value | undefined): DlModel {
  const m = req(fn, v, "model");
  if (!(m instanceof DlModel)) {
    throw argError(fn, `expected a model, found ${typeName(m)}`);
  }
  return m;
}

function stderr(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text));
}

function numbers(fn: string, v: Value | undefined): number[] {
  const x = req(fn, v, "values");
  if (x instanceof K.Tensor) {
    return Array.from({ length: x.size }, (_, i) => x.at(i));
  }
  if (x instanceof DlList) {
    return x.items.map((it) => {
      if (isNumeric(it)) return numberOf(it);
      if (it instanceof K.Tensor && it.size === 1) return it.at(0);
      throw argError(fn, `values must be numbers, found ${typeName(it)}`);
    });
  }
  throw argError(fn, `values must be a list or tensor, found ${typeName(x)}`);
}

function progress(
  items: Value,
  label: string,
  span: Parameters<typeof iterateValue>[1],
): DlIterable {
  return new DlIterable("progress", () => {
    const total = items instanceof DlIterable || items instanceof DlList
      ? lengthOf(items)
      : undefined;
    const it = iterateValue(items, span);
    const tty = Deno.stderr.isTerminal();
    const start = performance.now();
    let k = 0, nextMark = 0.25;
    return {
      next(): IteratorResult<Value> {
        const r = it.next();
        if (r.done) {
          if (tty) stderr("\n");
          return r;
        }
        k++;
        const secs = (performance.now() - start) / 1000;
        if (tty) {
          const frac = total ? k / total : 0;
          const bar = "#".repeat(Math.round(frac * 30)).padEnd(30, ".");
          const eta = total ? ((total - k) * secs) / k : 0;
          stderr(
            `\r${label} [${bar}] ${k}/${total ?? "?"} ${
              (k / secs).toFixed(1)
            }/s eta ${eta.toFixed(0)}s`,
          );
        } else if (total !== undefined && k / total >= nextMark) {
          stderr(`${label} ${k}/${total}\n`);
          while (nextMark <= k / total) nextMark += 0.25;
        }
        return r;
      },
    };
  });
}

const lengths = new WeakMap<DlIterable, number>();

function lengthOf(v: DlIterable | DlList): number | undefined {
  return v instanceof DlList ? v.items.length : lengths.get(v);
}

/** Implementations of the data builtins. */
export const DATA_BUILTINS: Record<string, BuiltinImpl> = {
  load_idx: ([p]) => D.loadIdx(str("load_idx", p, "path")),
  load_csv: ([p, h]) =>
    D.loadCsv(str("load_csv", p, "path"), {
      header: toBool("load_csv", h, "header", true),
    }),
  load_npy: ([p]) => D.loadNpy(str("load_npy", p, "path")),
  save_npy: ([x, p]) => {
    D.saveNpy(toTensor("save_npy", x, "x"), str("save_npy", p, "path"));
    return UNIT;
  },
  save: ([m, p]) => {
    const fields = paramFields(model("save", m), true);
    D.saveSafetensors(
      str("save", p, "path"),
      fields.map(([n, f]) => [n, f.value as K.Tensor]),
    );
    return UNIT;
  },
  load: ([m, p]) => {
    const net = model("load", m), path = str("load", p, "path");
    const file = D.loadSafetensors(path).tensors;
    for (const [name, f] of paramFields(net, true)) {
      const t = file.get(name), old = f.value as K.Tensor;
      if (t === undefined) {
        throw new K.KernelError("R0011", [path, `no tensor named "${name}"`]);
      }
      if (t.shape.join() !== old.shape.join()) {
        throw new K.KernelError("R0011", [
          path,
          `"${name}" has shape [${t.shape}], the model needs [${old.shape}]`,
        ]);
      }
      K.setIndex(old, [], K.astype(t, old.dtype));
    }
    return UNIT;
  },
  dataset: ([n, s]) => {
    const d = D.loadDataset(
      str("dataset", n, "name"),
      str("dataset", s, "split"),
    );
    if (d.note !== null && !noted.has(d.note)) {
      noted.add(d.note);
      stderr(d.note + "\n");
    }
    return new DlTuple([d.images, d.labels]);
  },
  batches: ([x, y, size, shuffle]) => {
    const xs = toTensor("batches", x, "x"), ys = toTensor("batches", y, "y");
    const opts = {
      size: size === undefined ? 64 : toInt("batches", size, "size"),
      shuffle: toBool("batches", shuffle, "shuffle", true),
    };
    let first: D.Batches | null = D.makeBatches(xs, ys, opts);
    const it = new DlIterable("batches", () => {
      const b = first ?? D.makeBatches(xs, ys, opts);
      first = null;
      const inner = b[Symbol.iterator]();
      return {
        next(): IteratorResult<Value> {
          const r = inner.next();
          return r.done
            ? { done: true, value: UNIT }
            : { done: false, value: new DlTuple(r.value) };
        },
      };
    });
    lengths.set(it, first.count);
    return it;
  },
  progress: ([items, label], ctx) =>
    progress(
      req("progress", items, "iterable"),
      label === undefined ? "" : str("progress", label, "label"),
      ctx.span,
    ),
  plot: ([v, t, f], ctx) => {
    const vals = numbers("plot", v);
    const title = t === undefined ? "" : str("plot", t, "title");
    const file = f === undefined ? "" : str("plot", f, "file");
    if (file === "") ctx.write(textChart(vals, title));
    else {
      try {
        Deno.writeTextFileSync(file, svgChart(vals, title));
      } catch (e) {
        throw new K.KernelError("R0014", [
          file,
          e instanceof Error ? e.message : String(e),
        ]);
      }
    }
    return UNIT;
  },
};
