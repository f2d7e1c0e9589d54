// runOnPool returns once every unit is finished, without waiting for a
// worker that never claims anything (one descheduled, or not started yet):
// the main thread then runs every unit itself.

import assert from "node:assert/strict";

Deno.test("wasm pool: a job ends without the workers when the main thread ran every unit", async () => {
  // In a worker, so that a regression (waiting for the absent worker's
  // report) fails the test by its deadline instead of hanging it.
  const pool = new URL("./wasm_pool.ts", import.meta.url).href;
  const src = `import { runOnPool } from ${JSON.stringify(pool)};
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const header = new Int32Array(memory.buffer, 0, 64);
    // A pool whose one worker never runs.
    const fake = { workers: [{}], memory, header };
    const ran = [];
    runOnPool(fake, 3, (u) => ran.push(u));
    runOnPool(fake, 2, (u) => ran.push(10 + u));
    self.postMessage(ran);`;
  const w = new Worker(
    URL.createObjectURL(new Blob([src], { type: "text/javascript" })),
    { type: "module" },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const ran = await Promise.race([
      new Promise<number[]>((ok) => {
        w.onmessage = (e: MessageEvent<number[]>) => ok(e.data);
      }),
      new Promise<null>((ok) => {
        timer = setTimeout(() => ok(null), 10_000);
      }),
    ]);
    assert.deepEqual(ran, [0, 1, 2, 10, 11]);
  } finally {
    clearTimeout(timer);
    w.terminate();
  }
});
