// The native backend against the shared backend GEMM suite (two threads, so
// the pool's split is exercised too); skipped with its reason where clang or
// --allow-ffi is missing.

import { runGemmSuite } from "../../tests/backends/gemm_suite.ts";
import { nativeBackend } from "./native_backend.ts";

runGemmSuite("native", nativeBackend, { threads: 2 });
