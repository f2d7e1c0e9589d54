// Finding and loading the IDX datasets of spec `dataset(name, split)`.
// Looks in $DL_DATA, then /usr/share/datasets/ (where Debian's
// `dataset-fashion-mnist` installs fashion-mnist/*.gz), then, for
// fashion-mnist only, the small sample shipped in examples/data/. No Debian
// package provides MNIST, so `mnist` is found only where a user put it:
// $DL_DATA/mnist/ (or MNIST/raw/, torchvision's layout) or /usr/share/datasets/mnist/.

import { KernelError } from "../errors.ts";
import { argError } from "../errors.ts";
import type { Tensor } from "../tensor.ts";
import { readError } from "./file_io.ts";
import { loadIdx } from "./idx.ts";

/** Dataset names `dataset` knows. */
export type DatasetName = "fashion-mnist" | "mnist";
/** Dataset splits. */
export type DatasetSplit = "train" | "test";
/** Where a dataset was found. */
export type DatasetSource = "DL_DATA" | "system" | "sample";

/** The two IDX files of one split, and where they were found. */
export interface DatasetFiles {
  readonly images: string;
  readonly labels: string;
  readonly source: DatasetSource;
  /** The folder holding both files. */
  readonly dir: string;
}

/** The result of a lookup: the files, or R0012 / R0015 as a value. */
export type DatasetLookup =
  | { readonly ok: true; readonly files: DatasetFiles }
  | { readonly ok: false; readonly error: KernelError };

/** Where to look; every field has a default. */
export interface DatasetLookupOptions {
  /** The environment; only `DL_DATA` is read. Default: none set. */
  env?: { readonly DL_DATA?: string };
  /** The system folder; default `/usr/share/datasets`. */
  systemDir?: string;
  /** The shipped sample's folder; default examples/data/fashion-mnist-sample; null for none. */
  sampleDir?: string | null;
}

/** The command that installs the full Fashion-MNIST. */
export const FASHION_MNIST_INSTALL =
  "sudo apt-get install dataset-fashion-mnist";

/** Folders (under a root) that may hold each dataset, most usual first. */
const FOLDERS: Readonly<Record<DatasetName, readonly string[]>> = {
  "fashion-mnist": [
    "fashion-mnist",
    "fashion_mnist",
    "FashionMNIST/raw",
    "FashionMNIST",
  ],
  mnist: ["mnist", "MNIST/raw", "MNIST"],
};

const PREFIX: Readonly<Record<DatasetSplit, string>> = {
  train: "train",
  test: "t10k",
};

/** File names of one split's images or labels, as distributed (gz or not). */
function fileNames(split: DatasetSplit, what: "images" | "labels"): string[] {
  const p = PREFIX[split], idx = what === "images" ? "idx3" : "idx1";
  const bases = [`${p}-${what}-${idx}-ubyte`, `${p}-${what}.${idx}-ubyte`];
  return bases.flatMap((b) => [`${b}.gz`, b]);
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function findIn(dir: string, split: DatasetSplit): [string, string] | null {
  const find = (what: "images" | "labels") =>
    fileNames(split, what).map((f) => `${dir}/${f}`).find(isFile);
  const images = find("images"), labels = find("labels");
  return images && labels ? [images, labels] : null;
}

function defaultSampleDir(): string | null {
  const url = new URL(
    "../../examples/data/fashion-mnist-sample",
    import.meta.url,
  );
  return url.protocol === "file:" ? decodeURIComponent(url.pathname) : null;
}

function trimSlash(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, "") : dir;
}

/**
 * Finds the IDX files of `name`'s `split`: $DL_DATA/<folder>/, then
 * <systemDir>/<folder>/, then the shipped sample (fashion-mnist only). An
 * unknown name or split is R0012; nothing found is R0015 saying where it
 * looked and how to get the data. Never throws.
 */
export function findDataset(
  name: string,
  split: string,
  opts: DatasetLookupOptions = {},
): DatasetLookup {
  if (name !== "fashion-mnist" && name !== "mnist") {
    const error = argError(
      "dataset",
      `unknown dataset "${name}" (expected "fashion-mnist" or "mnist")`,
    );
    return { ok: false, error };
  }
  if (split !== "train" && split !== "test") {
    const error = argError(
      "dataset",
      `unknown split "${split}" (expected "train" or "test")`,
    );
    return { ok: false, error };
  }
  const roots: [string, DatasetSource][] = [];
  const envDir = opts.env?.DL_DATA;
  if (envDir) roots.push([trimSlash(envDir), "DL_DATA"]);
  roots.push([trimSlash(opts.systemDir ?? "/usr/share/datasets"), "system"]);
  const looked: string[] = [];
  for (const [root, source] of roots) {
    for (const folder of FOLDERS[name]) {
      const dir = `${root}/${folder}`;
      const found = findIn(dir, split);
      if (found) {
        const [images, labels] = found;
        return { ok: true, files: { images, labels, source, dir } };
      }
    }
    looked.push(`${root}/${FOLDERS[name][0]}/`);
  }
  const sample = opts.sampleDir === undefined
    ? defaultSampleDir()
    : opts.sampleDir;
  if (name === "fashion-mnist" && sample) {
    const found = findIn(trimSlash(sample), split);
    if (found) {
      const [images, labels] = found;
      return {
        ok: true,
        files: { images, labels, source: "sample", dir: trimSlash(sample) },
      };
    }
  }
  const where = (envDir ? "" : "$DL_DATA (not set), ") + looked.join(", ");
  const how = name === "fashion-mnist"
    ? `install it with \`${FASHION_MNIST_INSTALL}\``
    : `no Debian package provides MNIST: put ${
      fileNames(split, "images")[0]
    } and ${fileNames(split, "labels")[0]} in $DL_DATA/mnist/`;
  return {
    ok: false,
    error: new KernelError("R0015", [name, `looked in ${where}; ${how}`]),
  };
}

/** A loaded split: images [N, 28, 28] and labels [N] as stored (i32). */
export interface LoadedDataset {
  readonly images: Tensor;
  readonly labels: Tensor;
  readonly files: DatasetFiles;
  /** A one-line note for stderr when the shipped sample was used, else null. */
  readonly note: string | null;
}

/**
 * Finds and loads `name`'s `split` (see findDataset). Throws KernelError:
 * R0012 / R0015 from the lookup, R0011 when a file is unreadable or the images
 * and labels disagree.
 */
export function loadDataset(
  name: string,
  split: string,
  opts: DatasetLookupOptions = {},
): LoadedDataset {
  const found = findDataset(name, split, opts);
  if (!found.ok) throw found.error;
  const { files } = found;
  const images = loadIdx(files.images), labels = loadIdx(files.labels);
  if (images.ndim !== 3) {
    throw readError(
      files.images,
      `expected images of shape [N, rows, cols], found rank ${images.ndim}`,
    );
  }
  if (labels.ndim !== 1 || labels.shape[0] !== images.shape[0]) {
    throw readError(
      files.labels,
      `expected ${images.shape[0]} labels (one per image), found shape [${
        labels.shape.join(", ")
      }]`,
    );
  }
  const note = files.source === "sample"
    ? `note: dataset("${name}", "${split}") uses the ${
      images.shape[0]
    }-image sample shipped with dl; for the full set run: ${FASHION_MNIST_INSTALL}`
    : null;
  return { images, labels, files, note };
}
