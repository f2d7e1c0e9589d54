// When `dl run` pauses a VM-based run: with the storage pool on
// (kernels/runtime/storage_pool.ts), whenever the pool has handed out enough
// buffers that dead tensors' storage should be reclaimed, the run pauses at
// the next back edge of its outermost loop so the pool's finalizers can run.
// DL_POOL=1 turns the pool on, DL_POOL=0 off; by default it is on while the
// Wasm backend is active (its tensors then live in Wasm memory).

import { NEVER_PAUSE, type PauseHooks } from "../vm_pause.ts";
import {
  reclaim,
  reclaimWanted,
  setAutoPooling,
  setStoragePooling,
} from "../../kernels/runtime/storage_pool.ts";
import { readEnv } from "../../kernels/runtime/env.ts";

/** The pause hooks of one CLI run (sets the storage pool up as DL_POOL asks). */
export function runPauseHooks(): PauseHooks {
  const asked = readEnv("DL_POOL");
  if (asked === "0") return NEVER_PAUSE;
  if (asked === "1") setStoragePooling(true);
  else setAutoPooling(true);
  return { wanted: reclaimWanted, pause: reclaim };
}
