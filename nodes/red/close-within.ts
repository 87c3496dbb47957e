// Node-RED waits 15 s for a close handler, then logs an error and moves on. The account gets a
// little less, so a slow cloud call cannot make a re-deploy hang or complain.
import type { Account } from '../lib';

export const CLOSE_LIMIT_MS = 14_000;

/** Resolves when the account closed or the limit passed, whichever comes first; never rejects. */
export async function closeWithin(account: Account | undefined, onLate: () => void, limitMs = CLOSE_LIMIT_MS): Promise<void> {
  if (!account) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onLate();
      resolve();
    }, limitMs);
  });
  try {
    await Promise.race([account.close().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
