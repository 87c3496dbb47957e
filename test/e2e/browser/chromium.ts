// Debian's Chromium driven by playwright-core (its own browser download cannot work offline), and
// where the screenshots go.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Every launch gets a fresh temporary profile (playwright's own), removed when the browser closes. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}

/**
 * `UPDATE_SCREENSHOTS=1 npm run test:e2e` writes the README's pictures into docs/; a plain run puts
 * them in a temporary folder, so the tests never leave the working tree changed.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.resolve(__dirname, '../../../docs') : path.join(os.tmpdir(), 'hyundai-kia-screenshots');

/** A PNG of the page (or of its viewport) under SCREENSHOT_DIR; resolves with its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  // The README shows them: keep them light.
  const { size } = fs.statSync(file);
  if (size > 400_000) throw new Error(`${file} is ${size} bytes; keep screenshots under 400 kB`);
  return file;
}
