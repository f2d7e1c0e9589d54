// The public surface of kernels/autodiff/: tracing a function for its
// gradient, the backward pass and the VJP rule table.

export { type GradResult, traceGrad } from "./grad.ts";
export { backward } from "./backward.ts";
export { VJP_RULES, type VjpRule } from "./vjp_rules.ts";
export { gradDepth, isTracing, nodeOf } from "../graph/node.ts";
export { bumpVersion } from "../graph/version.ts";
