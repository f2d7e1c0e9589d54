// Whether the full Fashion-MNIST is installed where `dataset` looks
// ($DL_DATA, then /usr/share/datasets; CI installs dataset-fashion-mnist),
// and reading `key value` lines from a program's output.

/** Why the full data set is absent (the skip reason), or null when present. */
export function fashionMissing(): string | null {
  const roots = [Deno.env.get("DL_DATA"), "/usr/share/datasets"];
  for (const root of roots) {
    if (root === undefined || root === "") continue;
    try {
      Deno.statSync(`${root}/fashion-mnist/train-images-idx3-ubyte.gz`);
      return null;
    } catch (_) {
      // not here
    }
  }
  return "the full Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
}

/** The number after `key` on the last line of `out` that starts with it. */
export function numberAfter(out: string, key: string): number {
  const lines = out.split("\n").filter((l) => l.startsWith(key + " "));
  if (lines.length === 0) return NaN;
  const words = lines[lines.length - 1].slice(key.length).trim().split(/\s+/);
  return Number(words[0]);
}
