// Registers the CPU backends with the registry (importing this file once is
// enough) and re-exports the registry. One line per backend; `js` is always
// present and is the fallback.

import { jsBackend } from "./js_backend.ts";
import { nativeBackend } from "./native_backend.ts";
import { registerBackend } from "./registry.ts";
import { wasmBackend } from "./wasm_backend.ts";

registerBackend(jsBackend);
registerBackend(nativeBackend);
registerBackend(wasmBackend);

export {
  activeBackend,
  backendNames,
  deferSelection,
  dgemm,
  registerBackend,
  selectBackend,
  sgemm,
} from "./registry.ts";
export type {
  BackendName,
  BackendOptions,
  CpuBackend,
  FloatArray,
  GemmFn,
  GemmParams,
} from "./gemm_contract.ts";
