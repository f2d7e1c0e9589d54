// The js backend's GEMM against the shared backend suite.

import { jsBackend } from "../../kernels/runtime/js_backend.ts";
import { runGemmSuite } from "./gemm_suite.ts";

runGemmSuite("js", jsBackend);
