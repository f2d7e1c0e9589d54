// THE one `new Function` site of the codebase: compiles generated JavaScript
// source (kernels/codegen/js.ts's kernels, vm/tier_js.ts's dl functions).

/**
 * Compiles `body` (the text of a function body that returns the function
 * to use) with `bindings` in scope as parameters, and returns what it returns.
 */
export function compileJsFunction<T>(
  body: string,
  bindings: Readonly<Record<string, unknown>> = {},
): T {
  const names = Object.keys(bindings);
  const fn = new Function(...names, body);
  return fn(...names.map((n) => bindings[n])) as T;
}
