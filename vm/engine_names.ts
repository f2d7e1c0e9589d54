// The names of dl's engines, kept free of imports so the command line can
// validate `--engine` without loading any engine (engines.ts registers them).

/** Every engine dl knows about. */
export type EngineName = "interp" | "vm" | "jit" | "native";

/** Every engine name, in order of increasing speed. */
export const ENGINE_NAMES: readonly EngineName[] = [
  "interp",
  "vm",
  "jit",
  "native",
];

/**
 * The engines registered in vm/engines.ts (a test keeps the two in step).
 * `--engine` accepts exactly these.
 */
export const REGISTERED_ENGINES: readonly EngineName[] = [
  "interp",
  "vm",
  "jit",
  "native",
];

/** The engine `dl run` uses without `--engine`: the fastest correct one. */
export const DEFAULT_ENGINE: EngineName = "jit";

/** True when `name` is a registered engine. */
export function isRegisteredEngine(name: string): name is EngineName {
  return (REGISTERED_ENGINES as readonly string[]).includes(name);
}
