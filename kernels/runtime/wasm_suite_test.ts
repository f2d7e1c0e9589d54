// The wasm backend against the shared backend GEMM suite, on two threads
// (the suite's products below the threading threshold run on one).

import { runGemmSuite } from "../../tests/backends/gemm_suite.ts";
import { wasmBackend } from "./wasm_backend.ts";

runGemmSuite("wasm", wasmBackend, { threads: 2 });
