// The Node-RED editor as a user sees it: what the tests wait for and click. Browser-side code is
// passed as strings: the tests are type-checked without the DOM library.
import type { Locator, Page, Request } from 'playwright-core';

/** The palette category of docs/contract.md §4, as Node-RED names its container. */
export const CATEGORY_CONTAINER = '#red-ui-palette-container-hyundai_kia';

/** Opens the editor and waits until the flows are drawn and no first-run dialog is in the way. */
export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForFunction(`window.RED && RED.nodes && RED.nodes.filterNodes({ type: 'hyundai-kia-status' }).length > 0`, null, {
    timeout: 30_000,
  });
  await page.locator('#red-ui-workspace-chart svg .red-ui-flow-node').first().waitFor();
  // Node-RED 4 asks once per user folder whether to check for updates; a fresh folder always asks.
  if (await page.evaluate(`RED.settings.telemetryEnabled === undefined`)) {
    await page.getByRole('button', { name: 'No, do not enable notifications' }).click();
  }
  await page
    .locator('.red-ui-popover')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

/** Ids of the flow's nodes of `type`, in the flow's order. */
export function nodeIds(page: Page, type: string): Promise<string[]> {
  return page.evaluate(`RED.nodes.filterNodes({ type: ${JSON.stringify(type)} }).map((n) => n.id)`);
}

/** Drags a node of `type` from the palette onto the canvas, as a user adds one; resolves with its id. */
export async function dragFromPalette(page: Page, type: string): Promise<string> {
  const before = await nodeIds(page, type);
  const source = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`).first();
  for (let attempt = 1; ; attempt += 1) {
    await source.scrollIntoViewIfNeeded();
    const from = await source.boundingBox();
    const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
    if (!from || !chart) throw new Error(`${type} is not in the palette`);
    // jQuery UI's drag needs a real press, a few moves and a release over the canvas.
    await page.mouse.move(from.x + 20, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 200, from.y, { steps: 5 });
    await page.mouse.move(chart.x + chart.width - 150, chart.y + 60, { steps: 20 });
    await page.mouse.move(chart.x + chart.width - 145, chart.y + 65, { steps: 2 });
    await page.mouse.up();
    const added = (await nodeIds(page, type)).filter((id) => !before.includes(id));
    if (added.length === 1) return added[0];
    // A synthetic drag now and then ends before jQuery UI has started it: try again, a few times.
    if (attempt === 3 || added.length > 1) throw new Error(`dragging ${type} onto the canvas added ${added.length} nodes`);
  }
}

/** Double-clicks a node on the canvas (shows its tab first) and waits for its edit tray. */
export async function editNodeOnCanvas(page: Page, id: string, ready: string): Promise<void> {
  await page.evaluate(`RED.workspaces.show(RED.nodes.node(${JSON.stringify(id)}).z)`);
  await page.locator(`#red-ui-workspace-chart g[id="${id}"] rect.red-ui-flow-node`).dblclick();
  await page.locator(ready).waitFor();
  await trayOpen(page);
}

/** Double-clicks a config node in the config-nodes sidebar and waits for its edit tray. */
export async function editConfigNode(page: Page, label: string, ready: string): Promise<void> {
  await page.evaluate(`RED.sidebar.show('config')`);
  const exactly = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page
    .locator('#red-ui-sidebar-config-category-global .red-ui-palette-node-config')
    .filter({ has: page.locator('.red-ui-palette-label', { hasText: exactly }) })
    .dblclick();
  await page.locator(ready).waitFor();
  await trayOpen(page);
}

/** The tray slides in; screenshots and clicks wait until it stands still. */
async function trayOpen(page: Page): Promise<void> {
  await page.evaluate(`window.__trayX = null`);
  await page.waitForFunction(
    `(() => { const t = document.querySelector('.red-ui-tray'); if (!t) return false;
      const x = t.getBoundingClientRect().left; const was = window.__trayX; window.__trayX = x; return was === x; })()`,
    null,
    { polling: 100 },
  );
}

/** Cancels the edit tray on top (the one below, if any, comes back), leaving the flow as it was. */
export async function cancelTray(page: Page): Promise<void> {
  const tray = await page.waitForSelector('.red-ui-tray');
  await page.locator('.red-ui-tray').last().locator('#node-dialog-cancel, #node-config-dialog-cancel').first().click();
  await tray.waitForElementState('hidden');
}

/** Cancels every open edit tray (after a failed test, so that the next one starts clean). */
export async function closeAllTrays(page: Page): Promise<void> {
  for (let i = 0; i < 5 && (await page.locator('.red-ui-tray').count()) > 0; i += 1) await cancelTray(page);
}

/** Follows the page's requests whose URL matches `pattern`. */
export function watchRequests(page: Page, pattern: RegExp): { count(): number; settled(quietMs?: number): Promise<void>; stop(): void } {
  let open = 0;
  let count = 0;
  let lastChange = Date.now();
  const started = (req: Request): void => {
    if (!pattern.test(req.url())) return;
    open += 1;
    count += 1;
    lastChange = Date.now();
  };
  const ended = (req: Request): void => {
    if (!pattern.test(req.url())) return;
    open -= 1;
    lastChange = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    count: () => count,
    /** Resolves once at least one request was made, none is open and nothing happened for `quietMs`. */
    async settled(quietMs = 300) {
      const until = Date.now() + 10_000;
      while (count === 0 || open > 0 || Date.now() - lastChange < quietMs) {
        if (Date.now() > until) throw new Error(`requests to ${pattern} did not settle: ${count} made, ${open} open`);
        await page.waitForTimeout(50);
      }
    },
    stop() {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
    },
  };
}

export function text(locator: Locator): Promise<string> {
  return locator.textContent().then((t) => (t ?? '').trim());
}
