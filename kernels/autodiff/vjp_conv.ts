// VJP rules of the unfolding ops behind conv2d: im2col and col2im are linear
// and each other's adjoint.

import type { GNode } from "../graph/node.ts";
import { col2im, im2col, type Window } from "../nn/conv.ts";
import type { Tensor } from "../tensor.ts";
import type { VjpRule } from "./vjp_rules.ts";

const windowOf = (n: GNode): Window => n.attrs.window as Window;

/** Rules of im2col and col2im. */
export const CONV_RULES = {
  im2col: (g, n) => [col2im(g, (n.args[0] as Tensor).shape, windowOf(n))],
  col2im: (g, n) => [im2col(g, windowOf(n))],
} as const satisfies Record<string, VjpRule>;
