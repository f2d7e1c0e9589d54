// The program generator's state: the random source, fresh names, the
// variables and functions in scope with their types, and the cost budget
// that keeps every generated program short-running (loops multiply it).

import type { Rng } from "./rng.ts";
import type { GType } from "./program_gen_types.ts";

/** A variable the generated code can see. */
export interface GenVar {
  readonly name: string;
  readonly type: GType;
  /** A `var` the generator may assign (loop counters are not). */
  readonly mutable: boolean;
  /** Lists: what is known of the list it holds (shared by aliases). */
  readonly list?: ListFacts;
}

/** What the generator knows of one list object (every alias shares it). */
export interface ListFacts {
  /** At least this many items (lists only grow). */
  minLen: number;
  /** At most this many items (bounds a `for` over it). */
  maxLen: number;
  /** Being walked by a `for`: no pushes (the loop would not end). */
  frozen: boolean;
}

/** A function the generated code can call. */
export interface GenFn {
  readonly name: string;
  readonly params: readonly GType[];
  readonly ret: GType;
  /** Estimated steps per call. */
  readonly cost: number;
  /** Recursive on its first (int) argument: call it with a small literal. */
  readonly recursive?: boolean;
}

/** A model type the generated code can build and use. */
export interface GenModel {
  readonly name: string;
  /** Renders a constructor call. */
  readonly construct: (ctx: GenContext) => string;
  /** Statements that use an instance named `inst`. */
  readonly use: (ctx: GenContext, inst: string) => string[];
}

/** Names bound by the prelude that fresh names must not shadow (dtypes). */
const RESERVED = new Set(["i8", "i32", "f32", "f64"]);

/** Upper bound on the estimated steps of a whole program. */
export const PROGRAM_COST = 4_000;

/** Mutable generator state, threaded through every generating function. */
export class GenContext {
  readonly rng: Rng;
  #next = 0;
  /** Innermost scope last. */
  scopes: GenVar[][] = [[]];
  fns: GenFn[] = [];
  models: GenModel[] = [];
  /** > 0 inside a loop body (break/continue allowed). */
  loopDepth = 0;
  /** Product of the trip counts of the enclosing loops. */
  mult = 1;
  /** Estimated steps spent so far (reset per function body). */
  cost = 0;
  /** The budget `cost` may reach. */
  costCap = PROGRAM_COST;
  /** Inside a function body: its result type (for `return`). */
  fnRet: GType | undefined;
  /** Inside a function or lambda body: no pushes, no models. */
  inFunction = false;
  /** Statement nesting depth. */
  nest = 0;

  /** Starts from a seeded random source. */
  constructor(rng: Rng) {
    this.rng = rng;
  }

  /** A name not used before in this program. */
  fresh(prefix: string): string {
    let name = `${prefix}${this.#next++}`;
    while (RESERVED.has(name)) name = `${prefix}${this.#next++}`;
    return name;
  }

  /** Every visible variable matching `pred`, innermost last. */
  vars(pred: (v: GenVar) => boolean): GenVar[] {
    const seen = new Set<string>();
    const out: GenVar[] = [];
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      for (let j = this.scopes[i].length - 1; j >= 0; j--) {
        const v = this.scopes[i][j];
        if (seen.has(v.name)) continue;
        seen.add(v.name);
        if (pred(v)) out.push(v);
      }
    }
    return out;
  }

  /** Adds a variable to the innermost scope. */
  declare(v: GenVar): GenVar {
    this.scopes[this.scopes.length - 1].push(v);
    return v;
  }

  /** Runs `f` in a fresh inner scope. */
  scoped<T>(f: () => T, vars: GenVar[] = []): T {
    this.scopes.push([...vars]);
    this.nest++;
    try {
      return f();
    } finally {
      this.nest--;
      this.scopes.pop();
    }
  }

  /** Runs `f` as a loop body of `trips` iterations. */
  inLoop<T>(trips: number, f: () => T, vars: GenVar[] = []): T {
    const saved = this.mult;
    this.mult *= Math.max(1, trips);
    this.loopDepth++;
    try {
      return this.scoped(f, vars);
    } finally {
      this.loopDepth--;
      this.mult = saved;
    }
  }

  /**
   * Runs `f` as the body of a function that sees only `params` (or, for a
   * lambda, the enclosing scopes too); returns its result and its cost.
   */
  inBody<T>(
    opts: { params: GenVar[]; ret: GType; closure: boolean; cap: number },
    f: () => T,
  ): { value: T; cost: number } {
    const saved = {
      scopes: this.scopes,
      loopDepth: this.loopDepth,
      mult: this.mult,
      cost: this.cost,
      costCap: this.costCap,
      fnRet: this.fnRet,
      inFunction: this.inFunction,
      nest: this.nest,
    };
    const own = [...opts.params];
    this.scopes = opts.closure ? [...this.scopes, own] : [own];
    this.loopDepth = 0;
    this.mult = 1;
    this.cost = 0;
    this.costCap = opts.cap;
    this.fnRet = opts.ret;
    this.inFunction = true;
    this.nest = 0;
    try {
      const value = f();
      return { value, cost: this.cost + 1 };
    } finally {
      Object.assign(this, saved);
    }
  }

  /** True (and charged) when `steps` more per iteration fit the budget. */
  afford(steps: number): boolean {
    const c = steps * this.mult;
    if (this.cost + c > this.costCap) return false;
    this.cost += c;
    return true;
  }
}
