// Reading the environment from the kernels: the launcher grants env access to
// DL_* variables only, and tests may run without it, so a denied or missing
// variable reads as undefined rather than throwing.

/** An environment variable, or undefined (also without env permission). */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (_) {
    return undefined;
  }
}
