// The JavaScript tier's error stacks across VM re-entries: an error that
// compiled code's VM call (`$call`) brings back already carries a dl stack
// built without the compiled frames around that call. At the compiled
// code's entry, those frames' records (gathered while unwinding) are spliced
// in, giving the stack the VM alone would have built.

import type { StackFrame } from "../compiler/core/diagnostics.ts";
import type { Span } from "../compiler/core/span.ts";
import { type CallRecord, DlRuntimeError } from "./runtime_error.ts";
import { JitUnwind } from "./tiers.ts";
import type { VmState } from "./vm_state.ts";

/** A stacked error back from a VM call made by compiled code. */
export class JitSplice {
  /**
   * `frames`: vm.frames' length at the call; `site`: the call's span; `own`:
   * the VM ran the rest of a deoptimised compiled call, whose own entry the
   * error's stack already has.
   */
  constructor(
    readonly error: DlRuntimeError,
    readonly frames: number,
    readonly site: Span,
    readonly own = false,
  ) {}
}

/** Wraps an error from a VM call at `site` (made with `frames` VM frames live). */
export function spliceable(
  e: unknown,
  frames: number,
  site: Span,
  own = false,
): unknown {
  return e instanceof DlRuntimeError && e.diagnostic.stack !== undefined
    ? new JitSplice(e, frames, site, own)
    : e;
}

const KEEP_INNER = 16, KEEP_OUTER = 4;

/**
 * At a compiled entry: an error carrying a JitSplice becomes the
 * DlRuntimeError with the whole stack; anything else passes unchanged.
 */
export function spliceStack(vm: VmState, e: unknown): unknown {
  const unwound = e instanceof JitUnwind ? e : undefined;
  const sp = unwound?.error ?? e;
  if (!(sp instanceof JitSplice)) return e;
  const outer: CallRecord[] = [];
  for (let i = 0; i < sp.frames; i++) {
    const f = vm.frames[i];
    if (f.isCall) outer.push(f);
  }
  outer.push(...(unwound?.records ?? []));
  const d = sp.error.diagnostic, s = d.stack!;
  // The stack was built over `outer.length` fewer records: outer VM ones
  // (those below the call) plus the inner ones.
  const m = outer.length - (unwound?.records.length ?? 0);
  const more = /^\.\.\. (\d+) more frames$/.exec(s[KEEP_INNER]?.name ?? "");
  const total = more === null ? s.length : s.length - 1 + Number(more[1]);
  const inner = total - 1 - m;
  if (inner < 0) return sp.error;
  // The outer entries, innermost first: the last record is where the call was.
  const outerFrames = buildFull(outer, sp.site);
  if (sp.own) outerFrames.shift();
  const at = (k: number): StackFrame | undefined =>
    k < inner
      ? (more === null
        ? s[k]
        : k < KEEP_INNER
        ? s[k]
        : k === KEEP_INNER
        ? s[KEEP_INNER]
        : k >= total - KEEP_OUTER
        ? s[s.length - (total - k)]
        : undefined)
      : outerFrames[k - inner];
  const n = inner + outerFrames.length;
  const pick = (ks: number[]): StackFrame[] | null => {
    const out: StackFrame[] = [];
    for (const k of ks) {
      const f = at(k);
      if (f === undefined) return null;
      out.push(f);
    }
    return out;
  };
  let stack: StackFrame[] | null;
  if (n <= KEEP_INNER + KEEP_OUTER + 1) {
    stack = pick([...Array(n).keys()]);
  } else {
    const head = pick([...Array(KEEP_INNER).keys()]);
    const tail4 = pick(
      [...Array(KEEP_OUTER).keys()].map((i) => n - KEEP_OUTER + i),
    );
    const mid = at(KEEP_INNER);
    stack = head === null || tail4 === null || mid === undefined ? null : [
      ...head,
      {
        name: `... ${n - KEEP_INNER - KEEP_OUTER} more frames`,
        span: mid.span,
      },
      ...tail4,
    ];
  }
  return stack === null ? sp.error : new DlRuntimeError({ ...d, stack });
}

/** runtime_error.ts buildStack without the summary (every entry). */
function buildFull(calls: readonly CallRecord[], span: Span): StackFrame[] {
  const frames: StackFrame[] = [];
  let here = span;
  for (let i = calls.length - 1; i >= 0; i--) {
    frames.push({ name: calls[i].name, span: here });
    here = calls[i].callSite;
  }
  frames.push({ name: "<main>", span: here });
  return frames;
}
