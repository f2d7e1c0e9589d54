// Type rules of the builtins that are not about tensors (spec §8): print,
// str, int/float conversions, round, seed, clock, assert, push, range, args.

import {
  type BuiltinRule,
  expectArg,
  IS_BOOL,
  IS_INT,
  IS_LIST,
  IS_NUMBER_OR_TENSOR,
} from "./builtin_helpers.ts";
import { joinTypes } from "./relations.ts";
import { FLOAT, fmt, INT, listOf, RANGE, STR, UNIT, UNKNOWN } from "./types.ts";

const NUMBER = "a number";

/** `int(x)` / `float(x)`: numbers (and one-element tensors) only. */
function conversion(result: typeof INT): BuiltinRule {
  return (c) => {
    expectArg(c, c.arg("x"), IS_NUMBER_OR_TENSOR, NUMBER);
    return result;
  };
}

/** Rules of the miscellaneous builtins. */
export const MISC_RULES: Readonly<Record<string, BuiltinRule>> = {
  print: () => UNIT,
  str: () => STR,
  int: conversion(INT),
  float: conversion(FLOAT),
  round: (c) => {
    const x = c.arg("x");
    expectArg(c, x, IS_NUMBER_OR_TENSOR, NUMBER);
    expectArg(c, c.arg("digits"), IS_INT, "an int");
    return x?.type ?? UNKNOWN;
  },
  seed: (c) => {
    expectArg(c, c.arg("n"), IS_INT, "an int");
    return UNIT;
  },
  clock: () => FLOAT,
  assert: (c) => {
    expectArg(c, c.arg("cond"), IS_BOOL, "a bool");
    return UNIT;
  },
  push: (c) => {
    const list = c.arg("list"), v = c.arg("value");
    expectArg(c, list, IS_LIST, "a list");
    if (list?.type.kind === "list" && v !== undefined) {
      const want = list.type.element;
      if (joinTypes(want, v.type) === null) {
        c.ck.report("E0301", v.span, [fmt(want), fmt(v.type)]);
      }
    }
    return UNIT;
  },
  range: (c) => {
    for (const n of ["start", "stop"]) {
      expectArg(c, c.arg(n), IS_INT, "an int");
    }
    return RANGE;
  },
  args: () => listOf(STR),
};
