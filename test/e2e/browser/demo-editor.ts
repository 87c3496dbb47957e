// One mocha suite's world: `npm start`'s demo in a temporary folder, Chromium on its editor, the
// admin routes for cross-checking what the page shows, and the en-US texts the dialogs use.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startDemo } from './demo-process';
import type { DemoProcess } from './demo-process';
import { closeAllTrays, openEditor } from './editor-page';

const root = path.resolve(__dirname, '../../..');
export const ACCOUNT = 'hyundai-kia-account';
export const ACTION_TYPES = ['hyundai-kia-status', 'hyundai-kia-lock', 'hyundai-kia-climate', 'hyundai-kia-windows', 'hyundai-kia-charge'];
/** Everything in the palette category: the action nodes and the account's events node. */
export const PALETTE_TYPES = [...ACTION_TYPES, 'hyundai-kia-events'];

export interface TokenStatus {
  state: string;
  hasToken: boolean;
  isExpired: boolean;
  secondsUntilExpiry: number | null;
  lastRefreshAt: string | null;
  refreshCount: number;
}
export interface VehicleInfo {
  id: string;
  name: string;
  model: string;
}

/** A text of the package's locale `lang`, e.g. `say('hyundai-kia-account', 'test.ok', { count: 1 })`. */
export function say(type: string, key: string, params: Record<string, string | number> = {}, lang = 'en-US'): string {
  const messages = JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, `${type}.json`), 'utf8'))[type];
  const template = key.split('.').reduce((at, part) => at?.[part], messages);
  assert.equal(typeof template, 'string', `locale key ${type}.${key}`);
  return (template as string).replace(/__(\w+)__/g, (_, name: string) => String(params[name]));
}

export interface DemoEditor {
  demo: DemoProcess;
  context: BrowserContext;
  /** The editor, opened once the demo account holds a token. */
  page: Page;
  /** Uncaught script errors of every page of the context. */
  pageErrors: string[];
  /** The demo flow's account config node. */
  account: { id: string; label: string };
  /** GET (or `method`) on the package's admin routes, expecting 200. */
  api<T>(route: string, method?: string): Promise<T>;
}

/** The browser suites together stay under three minutes even when everything times out. */
const BUDGET_MS = 150_000;
let firstStart: number | undefined;

/** Registers the suite's hooks; the fields of the answer are set once `before` has run. */
export function useDemoEditor(): DemoEditor {
  const world = { pageErrors: [] as string[] } as unknown as DemoEditor;
  let browser: Browser | undefined;
  let logShown = false;

  world.api = async <T>(route: string, method = 'GET'): Promise<T> => {
    const res = await world.context.request.fetch(`${world.demo.url}/hyundai-kia/${route}`, { method });
    assert.equal(res.status(), 200, `${method} ${route}: ${await res.text()}`);
    return (await res.json()) as T;
  };

  before(async function () {
    this.timeout(60_000);
    firstStart ??= Date.now();
    const accounts = JSON.parse(fs.readFileSync(path.join(root, 'examples/demo.json'), 'utf8')).filter(
      (n: { type: string }) => n.type === ACCOUNT,
    );
    assert.equal(accounts.length, 1, 'the demo flow has one account');
    world.account = { id: accounts[0].id, label: accounts[0].name };

    world.demo = await startDemo();
    browser = await launchChromium();
    world.context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    world.context.setDefaultTimeout(15_000);
    world.context.on('weberror', (err) => world.pageErrors.push(err.error().message));
    world.page = await world.context.newPage();

    // The demo account logs in on its own at start-up; the dialog must then show a live token.
    const until = Date.now() + 30_000;
    for (let status = await world.api<TokenStatus>(`accounts/${world.account.id}/token`); status.state !== 'ready';) {
      assert.ok(Date.now() < until, `the demo account is not ready: ${JSON.stringify(status)}`);
      await world.page.waitForTimeout(200);
      status = await world.api<TokenStatus>(`accounts/${world.account.id}/token`);
    }
    await openEditor(world.page, world.demo.url);
  });

  beforeEach(function () {
    const spent = Date.now() - (firstStart as number);
    if (spent > BUDGET_MS) throw new Error(`the browser suites have run ${Math.round(spent / 1000)} s, over their budget: stopping`);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !world.demo) return;
    await closeAllTrays(world.page).catch(() => undefined);
    if (logShown) return;
    logShown = true;
    process.stdout.write(`Node-RED log tail:\n${world.demo.log().slice(-3000)}\n`);
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close();
    await world.demo?.stop();
  });

  return world;
}
