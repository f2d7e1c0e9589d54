// KernelError: the exception that runtime semantics throw (the op table's
// scalar evaluators and the tensor kernels). It carries a code from codes.ts
// and its arguments but no span; engines catch it and attach the span.

import { type CodeId, CODES } from "./codes.ts";

/** A runtime failure inside an op or kernel, e.g. `R0001` integer overflow. */
export class KernelError extends Error {
  /** Builds the error; `args` fill the `{0}`, `{1}`… of the code's template. */
  constructor(
    readonly code: CodeId,
    readonly args: readonly (string | number)[] = [],
  ) {
    super(
      CODES[code].replace(
        /\{(\d+)\}/g,
        (_, i: string) => String(args[Number(i)] ?? ""),
      ),
    );
    this.name = "KernelError";
  }
}
