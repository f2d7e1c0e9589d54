// Binds a call's positional and named arguments to a parameter list, by
// parameter name, for builtins and user functions alike. Errors come back as
// messages; the caller turns them into runtime diagnostics at the call.

/** What binding needs to know about one parameter. */
export interface BindParam {
  readonly name: string;
  /** May be left out (a builtin's `?` or a user parameter with a default). */
  readonly optional?: boolean;
  /** Takes every remaining positional argument (must be last). */
  readonly variadic?: boolean;
}

/** A named argument at a call. */
export interface NamedArg<V> {
  readonly name: string;
  readonly value: V;
}

/** Bound arguments by parameter index (undefined = omitted optional), or why not. */
export type BindResult<V> =
  | { ok: true; values: (V | undefined)[] }
  | { ok: false; message: string };

/**
 * Binds arguments to `params`. The values come back in parameter order; a
 * variadic last parameter receives all remaining positional values, from its
 * index on.
 */
export function bindArgs<V>(
  params: readonly BindParam[],
  positional: readonly V[],
  named: readonly NamedArg<V>[] = [],
): BindResult<V> {
  const n = params.length;
  const variadic = n > 0 && params[n - 1].variadic === true;
  const fixed = variadic ? n - 1 : n;
  if (named.length === 0 && positional.length === n && !variadic) {
    return { ok: true, values: positional.slice() };
  }
  if (positional.length > fixed && !variadic) {
    return {
      ok: false,
      message: `expected at most ${fixed} argument${
        fixed === 1 ? "" : "s"
      }, found ${positional.length}`,
    };
  }
  const values: (V | undefined)[] = new Array(fixed).fill(undefined);
  const given: boolean[] = new Array(fixed).fill(false);
  for (let i = 0; i < Math.min(fixed, positional.length); i++) {
    values[i] = positional[i];
    given[i] = true;
  }
  for (const arg of named) {
    const idx = params.findIndex((p) => p.name === arg.name);
    if (idx < 0 || idx >= fixed) {
      return { ok: false, message: `no parameter named \`${arg.name}\`` };
    }
    if (given[idx]) {
      return {
        ok: false,
        message: `argument \`${arg.name}\` is given twice`,
      };
    }
    values[idx] = arg.value;
    given[idx] = true;
  }
  for (let i = 0; i < fixed; i++) {
    if (!given[i] && params[i].optional !== true) {
      return {
        ok: false,
        message: `missing argument \`${params[i].name}\``,
      };
    }
  }
  if (variadic) {
    for (let i = fixed; i < positional.length; i++) values.push(positional[i]);
  }
  return { ok: true, values };
}
