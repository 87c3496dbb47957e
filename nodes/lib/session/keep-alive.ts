// While someone awaits a call of the library, Node must not exit under them. The library's own
// timers are unref'ed (a background refresh must not keep a script alive), so a backoff pause or a
// confirm poll would otherwise hold nothing open, and a plain script whose first call met one
// refused connection would end silently with neither result nor error. One ref'ed handle is held
// while at least one call is awaited, and dropped when the last one settles.

// Captured at load: fake timers installed later by tests must not swallow this handle.
const realSetInterval = globalThis.setInterval;

let awaiting = 0;
let handle: ReturnType<typeof setInterval> | null = null;

/** Runs `work`, keeping the process alive until it settles. */
export async function keepingAlive<T>(work: () => Promise<T>): Promise<T> {
  // One interval for the process, ref'ed while calls are awaited and unref'ed between them: cheaper on
  // the read path than making and clearing a timer per call.
  if (awaiting++ === 0) (handle ??= realSetInterval(() => undefined, 2 ** 31 - 1)).ref();
  try {
    return await work();
  } finally {
    if (--awaiting === 0) handle?.unref();
  }
}
