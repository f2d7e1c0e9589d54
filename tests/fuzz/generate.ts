// Random fuzz inputs: random bytes (decoded as UTF-8 with replacement), random
// token sequences from dl's vocabulary, and token-level mutations of valid
// programs. Every generator is a pure function of its Rng.

import { KEYWORDS, PUNCTUATION } from "../../compiler/token.ts";
import type { Rng } from "./rng.ts";

const NAMES = [
  "x",
  "y",
  "f",
  "g",
  "n",
  "net",
  "t",
  "_",
  "print",
  "zeros",
  "ones",
  "arange",
  "reshape",
  "sum",
  "mean",
  "grad",
  "value_and_grad",
  "relu",
  "softmax",
  "Linear",
  "Adam",
  "SGD",
  "params",
  "param",
  "len",
  "str",
  "int",
  "float",
  "push",
  "range",
  "args",
  "assert",
  "Tensor",
  "List",
  "f32",
  "i32",
  "bool",
  "shape",
  "T",
  "forward",
  "axis",
  "keepdims",
  "item",
  "matmul",
];

const LITERALS = [
  "0",
  "1",
  "2",
  "3",
  "-1",
  "10",
  "2147483647",
  "1_000",
  "0.5",
  "1.0",
  "1e-3",
  "2.5E+4",
  '"s"',
  '""',
  '"a\\n"',
  '"\\u{1F600}"',
];

// The lexer's own punctuation, plus layout and comments.
const PUNCT = [...PUNCTUATION, "\n", "\n", "\n", "//c\n", "/*c*/"];

/** Every token the random-token generator draws from. */
export const VOCABULARY: readonly string[] = [
  ...KEYWORDS,
  ...NAMES,
  ...LITERALS,
  ...PUNCT,
];

/** Random bytes decoded as UTF-8 with replacement characters. */
export function randomBytesText(rng: Rng, maxLen = 200): string {
  const n = rng.int(maxLen + 1);
  const bytes = new Uint8Array(n);
  const printable = rng.chance(0.5);
  for (let i = 0; i < n; i++) {
    bytes[i] = printable && rng.chance(0.9) ? 32 + rng.int(95) : rng.int(256);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

/** A random sequence of dl tokens separated by single spaces. */
export function randomTokens(rng: Rng, maxTokens = 60): string {
  const n = 1 + rng.int(maxTokens);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(VOCABULARY));
  return out.join(" ");
}

const TOKEN_RE =
  /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|\*\*|\.\.=?|->|=>|[=!<>+\-*\/]=|&&|\|\||[\s\S]/g;

/** Splits source text into rough tokens (whitespace kept as tokens). */
export function roughTokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

type Mutation = (rng: Rng, toks: string[]) => string[];

const NUMBERS = ["0", "1", "2", "3", "-1", "7", "0.0", "0.5", "-2.5", "1e-9"];
const BINARY_OPS = ["+", "-", "*", "/", "%", "@", "**", "==", "<", "&&", "||"];
const IS_NUMBER = /^\d/;
const IS_NAME = /^[A-Za-z_]\w*$/;
const IS_OP = /^(\+|-|\*|\/|%|@|\*\*|==|!=|<=?|>=?|&&|\|\|)$/;

/** Replaces one token matching `re` (if any) with `pick(rng, tokens)`. */
function replaceWhere(
  rng: Rng,
  t: string[],
  re: RegExp,
  pick: (rng: Rng, t: string[]) => string,
): string[] {
  const at = t.flatMap((tok, i) => (re.test(tok) ? [i] : []));
  if (at.length === 0) return t;
  const c = [...t];
  c[rng.pick(at)] = pick(rng, t);
  return c;
}

/** Mutations that keep the syntax valid, so more inputs reach the checker and the engine. */
const SEMANTIC: readonly Mutation[] = [
  (rng, t) => replaceWhere(rng, t, IS_NUMBER, (r) => r.pick(NUMBERS)),
  (rng, t) => replaceWhere(rng, t, IS_OP, (r) => r.pick(BINARY_OPS)),
  // use another name of the same program in place of a name
  (rng, t) =>
    replaceWhere(rng, t, IS_NAME, (r, toks) => {
      const names = toks.filter((x) => IS_NAME.test(x));
      return r.pick(names);
    }),
];

const MUTATIONS: readonly Mutation[] = [
  // delete a token
  (rng, t) => {
    const i = rng.int(t.length);
    return [...t.slice(0, i), ...t.slice(i + 1)];
  },
  // duplicate a token
  (rng, t) => {
    const i = rng.int(t.length);
    return [...t.slice(0, i + 1), ...t.slice(i)];
  },
  // swap two tokens
  (rng, t) => {
    const c = [...t];
    const i = rng.int(c.length), j = rng.int(c.length);
    [c[i], c[j]] = [c[j], c[i]];
    return c;
  },
  // replace a token with a vocabulary token
  (rng, t) => {
    const c = [...t];
    c[rng.int(c.length)] = rng.pick(VOCABULARY);
    return c;
  },
  // insert a vocabulary token
  (rng, t) => {
    const i = rng.int(t.length + 1);
    return [...t.slice(0, i), " ", rng.pick(VOCABULARY), " ", ...t.slice(i)];
  },
  // truncate
  (rng, t) => t.slice(0, rng.int(t.length + 1)),
  // duplicate a run of tokens
  (rng, t) => {
    const i = rng.int(t.length), j = Math.min(t.length, i + rng.int(20));
    return [...t.slice(0, j), ...t.slice(i)];
  },
];

/** Applies one to three random token-level mutations to a valid program. */
export function mutateProgram(rng: Rng, text: string): string {
  let toks = roughTokens(text);
  if (toks.length === 0) return text;
  const n = 1 + rng.int(3);
  const pool = rng.chance(0.5) ? SEMANTIC : MUTATIONS;
  for (let k = 0; k < n && toks.length > 0; k++) {
    toks = rng.pick(pool)(rng, toks);
  }
  return toks.join("");
}
