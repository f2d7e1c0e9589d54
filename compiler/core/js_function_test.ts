// Tests of the shared `new Function` site.

import { strictEqual } from "node:assert";
import { compileJsFunction } from "./js_function.ts";

Deno.test("compileJsFunction: bindings are in scope of the returned function", () => {
  const f = compileJsFunction<(x: number) => number>(
    "return (x) => x * K + 1;",
    { K: 3 },
  );
  strictEqual(f(2), 7);
});
