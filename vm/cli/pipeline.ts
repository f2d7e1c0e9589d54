// Binds the CLI's Stages and ReplSession to the real compiler and engine:
// compiler/mod.ts (load, parse, check) and the engines (vm/engines.ts; the
// REPL: vm/interp.ts's or vm/vm_session.ts's sessions). Loaded lazily.

import type { Stmt } from "../../compiler/ast.ts";
import type { SourceFile } from "../../compiler/core/span.ts";
import {
  compileFile,
  compileSource,
  createCheckSession,
  denoHost,
} from "../../compiler/mod.ts";
import { parseProgram } from "../../compiler/parser.ts";
import { PAUSABLE_ENGINES } from "../engines.ts";
import { runPauseHooks } from "./run_pauses.ts";
import { isRegisteredEngine } from "../engine_names.ts";
import { createInterpSession, formatValue } from "../interp.ts";
import { DlTuple } from "../values.ts";
import { createVmSession, type VmSession } from "../vm_session.ts";
import type { VmState } from "../vm_state.ts";
import { TierRuntime } from "../tiers.ts";
import { JsTier } from "../tier_js.ts";
import { JIT_CALL_THRESHOLD, JIT_LOOP_THRESHOLD } from "../tier_js_engine.ts";
import type {
  CompileOutput,
  ReplOutcome,
  ReplSession,
  RunOutcome,
  StageOptions,
  Stages,
} from "./stages.ts";

type Checked = NonNullable<ReturnType<typeof compileSource>["checked"]>;

/**
 * The stages for `dl run`, `dl -e` and `dl check`; `opts.engine` names an
 * engine of vm/engines.ts (command_line.ts rejects the others; an unknown
 * name here falls back to the interpreter).
 */
export function loadStages(opts: StageOptions): Promise<Stages> {
  const engine =
    (isRegisteredEngine(opts.engine)
      ? PAUSABLE_ENGINES[opts.engine]
      : undefined) ?? PAUSABLE_ENGINES.interp!;
  return Promise.resolve({
    compileFile: (path: string): Promise<CompileOutput> =>
      Promise.resolve(compileFile(path, denoHost)),
    compileSource: (file: SourceFile): Promise<CompileOutput> =>
      Promise.resolve(compileSource(file, denoHost)),
    run: (checked, runOpts): Promise<RunOutcome> =>
      engine(checked as Checked, {
        stdout: runOpts.stdout,
        args: runOpts.args,
        maxSteps: opts.maxSteps,
      }, runPauseHooks()),
  });
}

function isUnit(v: unknown): boolean {
  return v instanceof DlTuple && v.items.length === 0;
}

function endsWithExpression(body: readonly Stmt[]): boolean {
  return body.length > 0 && body[body.length - 1].kind === "ExprStmt";
}

/**
 * A REPL session over the checker's session and the engine's: the
 * interpreter's for `interp`, else a VM session (vm/vm_session.ts) with the
 * JavaScript tier for `jit` (and `native`, whose tier needs whole programs).
 */
export function createReplSession(
  opts: {
    readonly engine: string;
    readonly stdout: (text: string) => void;
    /** Step budget per input (the fuzzer's); unlimited by default. */
    readonly maxSteps?: number;
  },
): Promise<ReplSession> {
  const checker = createCheckSession(denoHost);
  const runOpts = { stdout: opts.stdout, maxSteps: opts.maxSteps };
  const interp: { run(c: Checked): ReturnType<VmSession["run"]> } =
    opts.engine === "interp" || !isRegisteredEngine(opts.engine)
      ? interpChunks(createInterpSession(runOpts))
      : createVmSession({
        ...runOpts,
        tier: opts.engine === "vm" ? undefined : jitTier,
      });
  return Promise.resolve({
    evaluate(file: SourceFile): Promise<ReplOutcome> {
      const parsed = parseProgram(file);
      if (parsed.diagnostics.some((d) => d.severity === "error")) {
        return Promise.resolve({ ok: false, diagnostics: parsed.diagnostics });
      }
      const checked = checker.check(parsed.program);
      if (checked.checked === undefined) {
        return Promise.resolve({ ok: false, diagnostics: checked.diagnostics });
      }
      const r = interp.run(checked.checked);
      if (!r.ok) return Promise.resolve({ ok: false, diagnostics: [r.error] });
      const show = endsWithExpression(parsed.program.body) && !isUnit(r.value);
      return Promise.resolve({
        ok: true,
        display: show ? formatValue(r.value) : undefined,
      });
    },
  });
}

/** The interpreter's session, fed checked chunks (new imports, then the chunk). */
function interpChunks(
  session: ReturnType<typeof createInterpSession>,
): { run(c: Checked): ReturnType<VmSession["run"]> } {
  return { run: (c) => session.runChunk(c) };
}

/** The jit engine's tier (DL_JIT_THRESHOLD sets both thresholds, as for `dl run`). */
function jitTier(vm: VmState): TierRuntime {
  let t: number | undefined;
  try {
    const s = Deno.env.get("DL_JIT_THRESHOLD");
    t = s === undefined || s === "" ? undefined : Number(s);
  } catch (_) {
    t = undefined;
  }
  return new TierRuntime(
    new JsTier(vm),
    t ?? JIT_CALL_THRESHOLD,
    t ?? JIT_LOOP_THRESHOLD,
  );
}
