// THE table of builtin type rules: the result type of each builtin from its
// argument types. Builtins without a rule give Unknown (their arity is still
// checked from compiler/core/builtins.ts). To add builtins (layers, grad,
// optimizers, data loading), write a rules file and spread it in here.

import type { BuiltinRule } from "./builtin_helpers.ts";
import { CREATION_RULES } from "./builtin_creation.ts";
import { MATH_RULES } from "./builtin_math.ts";
import { MISC_RULES } from "./builtin_misc.ts";
import { SHAPE_RULES } from "./builtin_shape.ts";

export type { BuiltinCall, BuiltinRule } from "./builtin_helpers.ts";

/** Type rules of the builtins, by name. */
export const BUILTIN_RULES: Readonly<Record<string, BuiltinRule>> = {
  ...CREATION_RULES,
  ...SHAPE_RULES,
  ...MATH_RULES,
  ...MISC_RULES,
};
