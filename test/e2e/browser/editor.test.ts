// The editor and the dashboard in Debian's Chromium, against `npm start`'s own start-up (the demo
// flow, region `demo`): the palette, the account dialog (token panel, Refresh now, Test login), an
// action node's vehicle picker and the dashboard's car card. Takes the README's screenshots.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, SCREENSHOT_DIR } from './chromium';
import { ACCOUNT, PALETTE_TYPES, say as sayAs, useDemoEditor } from './demo-editor';
import type { TokenStatus, VehicleInfo } from './demo-editor';
import { CATEGORY_CONTAINER, cancelTray, editConfigNode, editNodeOnCanvas, nodeIds, text, watchRequests } from './editor-page';

const say = (key: string, params?: Record<string, string | number>): string => sayAs(ACCOUNT, key, params);

describe('editor and dashboard in Chromium (npm start, demo region)', function () {
  this.timeout(30_000);
  const world = useDemoEditor();
  const api = <T>(route: string, method?: string): Promise<T> => world.api<T>(route, method);
  let page: Page;
  let accountId: string;
  let accountLabel: string;
  before(() => {
    ({ page } = world);
    ({ id: accountId, label: accountLabel } = world.account);
  });
  after(() => {
    if (process.env.UPDATE_SCREENSHOTS !== '1') process.stdout.write(`      (screenshots in ${SCREENSHOT_DIR})\n`);
  });
  /** The browser's own rendering of an instant, as the dialog writes it. */
  const localTime = (iso: string): Promise<string> => page.evaluate(`new Date(${JSON.stringify(iso)}).toLocaleString()`);

  it('shows the category "hyundai kia" with the five action nodes and the events node, and the account among the config nodes', async () => {
    const category = page.locator(CATEGORY_CONTAINER);
    assert.equal(await text(category.locator('.red-ui-palette-header')), 'hyundai kia');
    const inPalette = await category
      .locator('.red-ui-palette-node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-palette-type')));
    assert.deepEqual([...inPalette].sort(), [...PALETTE_TYPES].sort());
    // Every palette icon is served (the build copies icons/ beside the nodes).
    const icons = await category
      .locator('.red-ui-palette-icon')
      .evaluateAll((els) =>
        els.map((e) => (e as unknown as { style: { backgroundImage: string } }).style.backgroundImage.replace(/^url\("?|"?\)$/g, '')),
      );
    assert.equal(icons.length, PALETTE_TYPES.length);
    for (const icon of icons) {
      assert.match(icon, /node-red-contrib-hyundai-kia\/hyundai-kia-\w+\.svg$/);
      const res = await world.context.request.get(new URL(icon, `${world.demo.url}/`).href);
      assert.equal(res.status(), 200, icon);
    }
    // The sixth node, the account, is a config node: Node-RED lists it in the config-nodes sidebar.
    assert.equal(await page.evaluate(`RED.nodes.getType(${JSON.stringify(ACCOUNT)}).category`), 'config');
    await page.evaluate(`RED.sidebar.show('config')`);
    const sidebar = page.locator('#red-ui-sidebar-config-category-global');
    assert.ok((await sidebar.locator('.red-ui-palette-node-config-type').allInnerTexts()).includes(ACCOUNT));
    assert.ok((await sidebar.locator('.red-ui-palette-node-config .red-ui-palette-label').allInnerTexts()).includes(accountLabel));

    // The picture: the whole demo flow (zoomed out to 80 %) beside the package's palette category.
    await page.evaluate(`RED.sidebar.show('info'); RED.actions.invoke('core:toggle-show-tips', false)`);
    await page.evaluate(`RED.actions.invoke('core:zoom-out'); RED.actions.invoke('core:zoom-out')`);
    await page.evaluate(`$('#red-ui-workspace-chart').scrollTop(0).scrollLeft(0)`);
    await page.evaluate(`document.querySelector(${JSON.stringify(CATEGORY_CONTAINER)}).scrollIntoView({ block: 'start' })`);
    await screenshot(page, 'editor');
  });

  it('opens the account dialog from the config-nodes sidebar, its token panel showing a valid token', async () => {
    await editConfigNode(page, accountLabel, '#hyundai-kia-token-state');
    assert.equal(await page.inputValue('#node-config-input-region'), 'demo');
    await page
      .locator('#hyundai-kia-token-state')
      .filter({ hasText: say('token.states.ready') })
      .waitFor();
    const status = await api<TokenStatus>(`accounts/${accountId}/token`);
    assert.equal(await text(page.locator('#hyundai-kia-token-valid')), say('token.yes'));
    const expires = await text(page.locator('#hyundai-kia-token-expires'));
    const minutes = Number(expires.match(/^(\d+) min$/)?.[1]);
    assert.ok(
      minutes >= 1 && Math.abs(minutes * 60 - (status.secondsUntilExpiry ?? -999)) <= 60,
      `expires in "${expires}" vs ${status.secondsUntilExpiry} s`,
    );
    assert.notEqual(await text(page.locator('#hyundai-kia-token-last')), '–');
    assert.equal(await text(page.locator('#hyundai-kia-token-error')), '');
  });

  it('"Test login" logs in on the demo region and lists the demo car', async () => {
    const vehicles = await api<VehicleInfo[]>(`accounts/${accountId}/vehicles`);
    assert.equal(vehicles.length, 1);
    await page.locator('#node-config-input-test-login').click();
    const result = page.locator('#hyundai-kia-test-result');
    await result.filter({ hasText: say('test.ok', { count: 1 }) }).waitFor();
    const listed = await result.locator('li').allInnerTexts();
    assert.equal(listed.length, 1);
    assert.ok(listed[0].startsWith(`${vehicles[0].name} · ${vehicles[0].model}`), listed[0]);
    assert.ok(listed[0].endsWith(`id ${vehicles[0].id}`), listed[0]);
  });

  it('"Refresh now" gets a new token and the panel shows its refresh time', async () => {
    const before = await api<TokenStatus>(`accounts/${accountId}/token`);
    const shownBefore = await text(page.locator('#hyundai-kia-token-last'));
    // The panel shows whole seconds: let the shown second pass, so a new refresh must read differently.
    const shownUntil = Math.floor(Date.parse(before.lastRefreshAt as string) / 1000) * 1000 + 1000;
    if (Date.now() < shownUntil) await page.waitForTimeout(shownUntil - Date.now() + 50);

    const answer = page.waitForResponse((res) => res.url().endsWith(`/accounts/${accountId}/refresh`) && res.request().method() === 'POST');
    await page.locator('#node-config-input-refresh-now').click();
    const refreshed = (await (await answer).json()) as TokenStatus;
    assert.equal(refreshed.state, 'ready');
    assert.ok(refreshed.refreshCount > before.refreshCount, `refreshCount ${before.refreshCount} → ${refreshed.refreshCount}`);
    const expected = await localTime(refreshed.lastRefreshAt as string);
    await page.locator('#hyundai-kia-token-last').filter({ hasText: expected }).waitFor();
    assert.notEqual(expected, shownBefore);
    assert.equal(await text(page.locator('#hyundai-kia-token-state')), say('token.states.ready'));
    assert.equal(await text(page.locator('#hyundai-kia-token-valid')), say('token.yes'));
    assert.equal(await text(page.locator('#hyundai-kia-token-error')), '');

    await screenshot(page, 'editor-account');
  });

  it('lists the budget and the last session events, and keeps the token panel live while the dialog is open', async function () {
    this.timeout(20_000);
    // The dialog is still open from the test before: the refresh it made is among the events.
    await page.locator('#hyundai-kia-events li').filter({ hasText: 'token-refreshed' }).first().waitFor();
    const budget = await text(page.locator('#hyundai-kia-budget'));
    const status = await api<TokenStatus & { budget: { used: number; limit: number } }>(`accounts/${accountId}/token`);
    assert.ok(budget.includes(String(status.budget.limit)), `budget "${budget}" names the limit ${status.budget.limit}`);

    // A refresh the dialog did not ask for (another editor, a flow): the open panel follows by itself.
    const shownBefore = await text(page.locator('#hyundai-kia-token-last'));
    const shownUntil = Math.floor(Date.parse(status.lastRefreshAt as string) / 1000) * 1000 + 1000;
    if (Date.now() < shownUntil) await page.waitForTimeout(shownUntil - Date.now() + 50);
    const refreshed = await api<TokenStatus>(`accounts/${accountId}/refresh`, 'POST');
    const expected = await localTime(refreshed.lastRefreshAt as string);
    await page.locator('#hyundai-kia-token-last').filter({ hasText: expected }).waitFor({ timeout: 12_000 });
    assert.notEqual(expected, shownBefore);
    await cancelTray(page);
  });

  it("fills an action node's vehicle picker with the demo car", async () => {
    const [vehicle] = await api<VehicleInfo[]>(`accounts/${accountId}/vehicles`);
    const [lock] = await nodeIds(page, 'hyundai-kia-lock');
    assert.ok(lock, 'the demo flow has a lock node');
    await editNodeOnCanvas(page, lock, '#node-input-vehicle-pick');
    assert.equal(await page.inputValue('#node-input-account'), accountId);
    const pick = page.locator('#node-input-vehicle-pick');
    const option = pick.locator(`option[value="${vehicle.id}"]`).first();
    await option.waitFor({ state: 'attached' });
    assert.equal(await text(option), `${vehicle.name} · ${vehicle.model}`);
    assert.equal(await text(pick.locator('option').first()), say('common.picker.only'));
    await pick.selectOption(vehicle.id);
    assert.equal(await page.inputValue('#node-input-vehicle'), vehicle.id);
    assert.equal(await text(page.locator('#node-input-vehicle-note')), '');
    await cancelTray(page);
  });

  it('lists each car once in the picker, also when the vehicle list is slow to come (as from a real cloud)', async () => {
    const [vehicle] = await api<VehicleInfo[]>(`accounts/${accountId}/vehicles`);
    const route = /\/hyundai-kia\/accounts\/[^/]+\/vehicles$/;
    // A real cloud answers in a second or two; the demo answers at once. Hold each answer back.
    await page.route(route, async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await r.continue();
    });
    const requests = watchRequests(page, route);
    try {
      const [status] = await nodeIds(page, 'hyundai-kia-status');
      await editNodeOnCanvas(page, status, '#node-input-vehicle-pick');
      await requests.settled();
      const options = await page.locator('#node-input-vehicle-pick option').evaluateAll((els) =>
        els.map((e) => {
          const o = e as unknown as { value: string; textContent: string };
          return [o.value, o.textContent];
        }),
      );
      assert.deepEqual(
        options,
        [
          ['', say('common.picker.only')],
          [vehicle.id, `${vehicle.name} · ${vehicle.model}`],
        ],
        `the picker after ${requests.count()} requests for the vehicle list`,
      );
      await cancelTray(page);
    } finally {
      requests.stop();
      await page.unroute(route);
    }
  });

  it('raised no script error in the editor', () => {
    assert.deepEqual(world.pageErrors, []);
  });

  it('the dashboard (/dashboard) shows the demo car: name, charge level, lock state; its Unlock button works', async () => {
    const [vehicle] = await api<VehicleInfo[]>(`accounts/${accountId}/vehicles`);
    // The charge level the status node's badge shows in the editor (e.g. "EV 76%", not to be read as the 12 V battery).
    const [status] = await nodeIds(page, 'hyundai-kia-status');
    const badge = await text(page.locator(`#red-ui-workspace-chart g[id="${status}"] .red-ui-flow-node-status-label`));
    const soc = badge.match(/(\d+)\s*%/)?.[1];
    assert.ok(soc, `status badge "${badge}" shows the charge level`);

    const dash = await world.context.newPage();
    await dash.setViewportSize({ width: 720, height: 940 });
    await dash.goto(`${world.demo.url}/dashboard`);
    // The card's text widgets, whatever their labels say: the car's name, and its lock state.
    const values = dash.locator('.nrdb-ui-text-value');
    await values.filter({ hasText: vehicle.name }).first().waitFor();
    const lockState = values.filter({ hasText: /^(locked|unlocked)$/ });
    await lockState.waitFor();
    assert.equal(await text(lockState), 'locked', 'the demo car starts locked');
    await dash
      .locator('.nrdb-ui-gauge')
      .filter({ hasText: `${soc}%` })
      .first()
      .waitFor();
    await dash.waitForLoadState('networkidle').catch(() => undefined);
    await screenshot(dash, 'dashboard');

    // Unlock from the dashboard: the command runs against the demo car and the card follows.
    await dash.getByRole('button', { name: /^Unlock$/ }).click();
    await values.filter({ hasText: /^unlocked$/ }).waitFor({ timeout: 20_000 });
    await dash.close();
    assert.deepEqual(world.pageErrors, []);
  });
});
