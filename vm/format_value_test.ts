// Tests for how values print (spec §9 and docs/language.md).

import { strictEqual } from "node:assert";
import { formatValue } from "./format_value.ts";
import {
  DlDType,
  DlFloat,
  DlList,
  DlModel,
  DlRange,
  DlTuple,
  UNIT,
} from "./values.ts";
import { outputOf } from "./test_support.ts";

Deno.test("scalars: ints, floats with .0, nan/inf, bools, strs as text", () => {
  strictEqual(formatValue(-7), "-7");
  strictEqual(formatValue(new DlFloat(2)), "2.0");
  strictEqual(formatValue(new DlFloat(0.1)), "0.1");
  strictEqual(formatValue(new DlFloat(-Infinity)), "-inf");
  strictEqual(formatValue(new DlFloat(NaN)), "nan");
  strictEqual(formatValue(true), "true");
  strictEqual(formatValue('say "hi"'), 'say "hi"');
});

Deno.test("containers: strs quoted and escaped inside, tuples with (a,)", () => {
  const l = new DlList(["a", 'q"\n', 1, new DlFloat(1.5)]);
  strictEqual(formatValue(l), '["a", "q\\"\\n", 1, 1.5]');
  strictEqual(formatValue(new DlTuple([3])), "(3,)");
  strictEqual(
    formatValue(new DlTuple([l, UNIT])),
    '(["a", "q\\"\\n", 1, 1.5], ())',
  );
  strictEqual(formatValue(UNIT), "()");
});

Deno.test("a list that holds itself prints [...]", () => {
  const l = new DlList([1]);
  l.items.push(l);
  strictEqual(formatValue(new DlTuple([l])), "([1, [...]],)");
});

Deno.test("dtypes, ranges and models", () => {
  strictEqual(formatValue(DlDType.of("f32")), "f32");
  strictEqual(formatValue(new DlRange(0, 5)), "0..5");
  strictEqual(formatValue(new DlModel("MLP")), "<model MLP>");
});

Deno.test("print separates with spaces and ends the line; str() matches print", () => {
  strictEqual(
    outputOf(
      'print(1, "a", [1.0, 2.0], ["x"], print, i32)\nprint()\nprint(str((1, "b")))',
    ),
    '1 a tensor([1.0, 2.0], dtype=f32, shape=[2]) ["x"] <fn print> i32\n\n(1, "b")\n',
  );
});
