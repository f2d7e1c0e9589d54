// Tests for argument binding by position and by parameter name.

import { deepStrictEqual } from "node:assert";
import { bindArgs } from "./bind_args.ts";

const P = [{ name: "x" }, { name: "axis", optional: true }, {
  name: "keepdims",
  optional: true,
}];

Deno.test("positional and named arguments land at their parameter's index", () => {
  deepStrictEqual(bindArgs(P, [1], [{ name: "keepdims", value: 9 }]), {
    ok: true,
    values: [1, undefined, 9],
  });
  deepStrictEqual(bindArgs(P, [1, 2, 3]), { ok: true, values: [1, 2, 3] });
});

Deno.test("binding errors name the problem", () => {
  deepStrictEqual(bindArgs(P, [1, 2, 3, 4]), {
    ok: false,
    message: "expected at most 3 arguments, found 4",
  });
  deepStrictEqual(bindArgs(P, [], [{ name: "axis", value: 1 }]), {
    ok: false,
    message: "missing argument `x`",
  });
  deepStrictEqual(bindArgs(P, [1], [{ name: "bogus", value: 1 }]), {
    ok: false,
    message: "no parameter named `bogus`",
  });
  deepStrictEqual(bindArgs(P, [1], [{ name: "x", value: 2 }]), {
    ok: false,
    message: "argument `x` is given twice",
  });
});

Deno.test("a variadic parameter takes the remaining positional values", () => {
  const V = [{ name: "sep" }, { name: "values", variadic: true }];
  deepStrictEqual(bindArgs(V, ["-", 1, 2, 3]), {
    ok: true,
    values: ["-", 1, 2, 3],
  });
  deepStrictEqual(bindArgs([{ name: "v", variadic: true }], []), {
    ok: true,
    values: [],
  });
});
