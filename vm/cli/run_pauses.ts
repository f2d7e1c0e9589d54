// When `dl run` pauses a VM-based run: with the storage pool on
// (kernels/runtime/storage_pool.ts; DL_POOL=1), whenever the pool has handed
// out enough buffers that dead tensors' storage should be reclaimed, the run
// pauses at the next back edge of its outermost loop so the pool's
// finalizers can run. With the pool off (the default) it never pauses.

import { NEVER_PAUSE, type PauseHooks } from "../vm_pause.ts";
import {
  reclaim,
  reclaimWanted,
  setStoragePooling,
} from "../../kernels/runtime/storage_pool.ts";
import { readEnv } from "../../kernels/runtime/env.ts";

function poolRequested(): boolean {
  return readEnv("DL_POOL") === "1";
}

/** The pause hooks of one CLI run (turns the storage pool on when asked). */
export function runPauseHooks(): PauseHooks {
  if (!poolRequested()) return NEVER_PAUSE;
  setStoragePooling(true);
  return { wanted: reclaimWanted, pause: reclaim };
}
