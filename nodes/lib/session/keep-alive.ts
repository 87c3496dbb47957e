// While someone awaits a call of the library, Node must not exit under them. The library's own
// timers are unref'ed (a background refresh must not keep a script alive), so a backoff pause or a
// confirm poll would otherwise hold nothing open, and a plain script whose first call met one
// refused connection would end silently with neither result nor error. One ref'ed handle is held
// while at least one call is awaited, and dropped when the last one settles.

// Captured at load: fake timers installed later by tests must not swallow this handle.
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

let awaiting = 0;
let handle: ReturnType<typeof setInterval> | null = null;

/** Runs `work`, keeping the process alive until it settles. */
export async function keepingAlive<T>(work: () => Promise<T>): Promise<T> {
  if (awaiting++ === 0) handle = realSetInterval(() => undefined, 2 ** 31 - 1);
  try {
    return await work();
  } finally {
    if (--awaiting === 0 && handle !== null) {
      realClearInterval(handle);
      handle = null;
    }
  }
}

