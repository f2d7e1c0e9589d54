// Pausing a VM run at safe points so the host can run event-loop tasks (the
// storage pool's finalizers, kernels/runtime/storage_pool.ts) in the middle
// of a long program: the outermost dispatch loop checks `wanted` at every
// taken loop back edge and, when it says so, returns PAUSED with the frame's
// pc saved; the driver awaits `pause` and resumes from the top frame.

import type { Value } from "./values.ts";

/** When and how a pausable run lets the host run tasks. */
export interface PauseHooks {
  /** Called at each taken back edge of the outermost dispatch loop; must be cheap. */
  readonly wanted: () => boolean;
  /** Runs while the VM is paused (the run resumes when it settles). */
  readonly pause: () => Promise<void>;
}

/** What the dispatch loop returns when it stopped at a safe point. */
export const PAUSED: Value = Object.freeze({
  paused: true,
}) as unknown as Value;

/** Hooks that never pause: a run given them checks nothing at back edges. */
export const NEVER_PAUSE: PauseHooks = Object.freeze({
  wanted: () => false,
  pause: () => Promise.resolve(),
});
