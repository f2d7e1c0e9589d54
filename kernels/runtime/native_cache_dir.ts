// Where the native backend keeps what it builds and learns (compiled
// libraries, the clang probe record): one folder, chosen from the
// environment. Separate from native_cache.ts so the toolchain probe can use
// it without an import cycle.

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cache folder: $DL_CACHE_DIR, else $XDG_CACHE_HOME/dl, else
 * $HOME/.cache/dl; null when none of them is set (or readable).
 */
export function cacheDir(): string | null {
  const own = env("DL_CACHE_DIR");
  if (own !== undefined) return own;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg !== undefined) return `${xdg}/dl`;
  const home = env("HOME");
  return home === undefined ? null : `${home}/.cache/dl`;
}
