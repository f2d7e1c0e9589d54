// The public surface of kernels/data/: readers and writers of the data file
// formats (IDX, CSV, npy, safetensors), dataset lookup and mini-batches. Every
// failure is a KernelError (R0011 read, R0014 write, R0015 dataset not found,
// R0012 bad argument) that names the file; nothing throws anything else.

export { type IdxType, loadIdx, readIdx, saveIdx, writeIdx } from "./idx.ts";
export { type CsvOptions, loadCsv, parseCsv } from "./csv.ts";
export { loadNpy, readNpy, saveNpy, writeNpy } from "./npy.ts";
export {
  loadSafetensors,
  parseSafetensors,
  readSafetensors,
  type SafetensorsFile,
  saveSafetensors,
  writeSafetensors,
} from "./safetensors.ts";
export {
  type DatasetFiles,
  type DatasetLookup,
  type DatasetLookupOptions,
  FASHION_MNIST_INSTALL,
  findDataset,
  loadDataset,
  type LoadedDataset,
} from "./dataset.ts";
export {
  type Batches,
  type BatchOptions,
  makeBatches,
  permutation,
} from "./batches.ts";
