// The dialogs a user meets when building a flow of their own: a node dragged from the palette, the
// account dialog's fields per region and login mode, a failed "Test login", help and translations.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ACCOUNT, ACTION_TYPES, say, useDemoEditor } from './demo-editor';
import type { VehicleInfo } from './demo-editor';
import { cancelTray, dragFromPalette, editConfigNode, editNodeOnCanvas, nodeIds, openEditor, text } from './editor-page';

/** A locale key shown instead of its text, e.g. `hyundai-kia-lock.label.name`. */
const RAW_KEY = /hyundai-kia-\w+\.[\w.]+/;

describe('editor dialogs in Chromium (npm start, demo region)', function () {
  this.timeout(30_000);
  const world = useDemoEditor();
  let page: Page;
  before(() => ({ page } = world));

  it('has help text for all six nodes', async () => {
    for (const type of [ACCOUNT, ...ACTION_TYPES]) {
      const help = String(await page.evaluate(`RED.nodes.getNodeHelp(${JSON.stringify(type)}) || ''`));
      assert.ok(help.replace(/<[^>]+>/g, '').trim().length > 40, `${type}: help text`);
      assert.doesNotMatch(help, RAW_KEY, type);
    }
  });

  it("the dialogs validate with the library's ranges: RED.settings.hyundaiKiaAccountRanges, and the climate temperature of an EU account is 14–30 °C in halves", async () => {
    const ranges = (await page.evaluate('RED.settings.hyundaiKiaAccountRanges')) as { temperature: { C: { min: number; max: number } } };
    assert.deepEqual([ranges.temperature.C.min, ranges.temperature.C.max], [14, 30]);
    const valid = async (value: unknown): Promise<boolean> =>
      Boolean(
        await page.evaluate(
          `RED.nodes.getType('hyundai-kia-climate').defaults.temperature.validate.call({ account: ${JSON.stringify(world.account.id)} }, ${JSON.stringify(value)})`,
        ),
      );
    assert.deepEqual([await valid(21.5), await valid(35), await valid(21.3), await valid('')], [true, false, false, true]);
  });

  it('a windows node dragged from the palette gets its account and the demo car in its dialog', async () => {
    const [vehicle] = await world.api<VehicleInfo[]>(`accounts/${world.account.id}/vehicles`);
    const added = await dragFromPalette(page, 'hyundai-kia-windows');
    await editNodeOnCanvas(page, added, '#node-input-vehicle-pick');
    const tray = page.locator('.red-ui-tray').last();
    assert.doesNotMatch(await tray.innerText(), RAW_KEY);
    assert.deepEqual(await page.locator('#node-input-action option').allInnerTexts(), [
      say('hyundai-kia-windows', 'actions.open'),
      say('hyundai-kia-windows', 'actions.close'),
      say('hyundai-kia-windows', 'actions.vent'),
    ]);
    await page.selectOption('#node-input-account', world.account.id);
    const option = page.locator(`#node-input-vehicle-pick option[value="${vehicle.id}"]`).first();
    await option.waitFor({ state: 'attached' });
    assert.equal(await text(option), `${vehicle.name} · ${vehicle.model}`);
    await cancelTray(page);
  });

  it('opens every action node of the demo flow with translated labels', async () => {
    for (const type of ACTION_TYPES.filter((t) => t !== 'hyundai-kia-windows')) {
      const [id] = await nodeIds(page, type);
      assert.ok(id, `the demo flow has a ${type} node`);
      await editNodeOnCanvas(page, id, '#node-input-vehicle-pick');
      const shown = await page.locator('.red-ui-tray').last().innerText();
      assert.doesNotMatch(shown, RAW_KEY, type);
      // The common rows, written in by resources/editor.js with the shared texts (the account's catalogue).
      for (const row of ['name', 'account', 'vehicle'])
        assert.ok(shown.includes(say(ACCOUNT, `common.label.${row}`)), `${type}: the ${row} label`);
      if (type !== 'hyundai-kia-status') assert.ok(shown.includes(say(ACCOUNT, 'common.label.confirmHint')), `${type}: the confirm row`);
      await cancelTray(page);
    }
  });

  it('shows the fields each action uses and flags a charge target off the 10 % steps', async () => {
    const shown = (selector: string): Promise<boolean> => page.locator(selector).isVisible();
    const [status] = await nodeIds(page, 'hyundai-kia-status');
    await editNodeOnCanvas(page, status, '#node-input-mode');
    await page.selectOption('#node-input-mode', 'smart');
    assert.equal(await shown('#node-input-maxAgeMinutes'), true, 'status, smart: the maximum age');
    await page.selectOption('#node-input-mode', 'update');
    assert.equal(await shown('.hyundai-kia-row-update'), true, 'status, update: says it has no input');
    await page.selectOption('#node-input-mode', 'cached');
    assert.equal(await shown('.hyundai-kia-row-update'), false, 'status, cached');
    assert.equal(await shown('#node-input-maxAgeMinutes'), true, 'status, cached: the age after which data is stale');
    await cancelTray(page);

    const [climate] = await nodeIds(page, 'hyundai-kia-climate');
    await editNodeOnCanvas(page, climate, '#node-input-action');
    await page.selectOption('#node-input-action', 'start');
    assert.equal(await shown('#node-input-temperature'), true, 'climate, start: the temperature');
    await page.selectOption('#node-input-action', 'stop');
    assert.equal(await shown('#node-input-temperature'), false, 'climate, stop');
    await cancelTray(page);

    const [charge] = await nodeIds(page, 'hyundai-kia-charge');
    await editNodeOnCanvas(page, charge, '#node-input-action');
    await page.selectOption('#node-input-action', 'setTargets');
    assert.deepEqual([await shown('#node-input-targetAc'), await shown('#node-input-current')], [true, false], 'charge, setTargets');
    const targetAc = page.locator('#node-input-targetAc');
    await targetAc.fill('');
    await targetAc.pressSequentially('55');
    assert.match(String(await targetAc.getAttribute('class')), /input-error/, '55 % is not a 10 % step');
    await targetAc.fill('');
    await targetAc.pressSequentially('80');
    assert.doesNotMatch(String(await targetAc.getAttribute('class')), /input-error/, '80 % is');
    await page.selectOption('#node-input-action', 'setCurrent');
    assert.deepEqual([await shown('#node-input-targetAc'), await shown('#node-input-current')], [false, true], 'charge, setCurrent');
    await cancelTray(page);
  });

  it('shows only the fields the chosen region and login mode use', async () => {
    await editConfigNode(page, world.account.label, '#node-config-input-region');
    const rows = ['brand', 'authMode', 'username', 'password', 'refreshToken', 'pin'] as const;
    const visible = async (): Promise<string[]> => {
      const shown: string[] = [];
      for (const row of rows) if (await page.locator(`#node-config-input-${row}`).isVisible()) shown.push(row);
      return shown;
    };
    assert.deepEqual(await visible(), [], 'demo: nothing to log in with');
    await page.selectOption('#node-config-input-region', 'eu');
    await page.selectOption('#node-config-input-authMode', 'password');
    assert.deepEqual(await visible(), ['brand', 'authMode', 'username', 'password', 'pin'], 'eu, password');
    await page.selectOption('#node-config-input-authMode', 'refreshToken');
    assert.deepEqual(await visible(), ['brand', 'authMode', 'refreshToken', 'pin'], 'eu, refresh token');
    await page.selectOption('#node-config-input-region', 'ca');
    assert.deepEqual(await visible(), ['brand', 'username', 'password', 'pin'], 'ca: password only (a code when Canada asks)');
    await page.selectOption('#node-config-input-region', 'us');
    assert.deepEqual(await visible(), ['brand', 'username', 'password', 'pin'], 'us: password only');
    // The brands each region has come from the library's region table (GET hyundai-kia/regions).
    const brands = (): Promise<string[]> =>
      page.$$eval('#node-config-input-brand option', (options) =>
        options.filter((o) => !(o as HTMLOptionElement).disabled).map((o) => (o as HTMLOptionElement).value),
      );
    await page.selectOption('#node-config-input-region', 'nz');
    assert.deepEqual(await visible(), ['brand', 'username', 'password', 'pin'], 'nz: password only');
    assert.deepEqual(await brands(), ['kia'], 'nz: Kia only');
    assert.equal(await page.inputValue('#node-config-input-brand'), 'kia', 'the only brand is chosen');
    await page.selectOption('#node-config-input-region', 'in');
    assert.deepEqual(await brands(), ['hyundai', 'kia'], 'in: Hyundai and Kia');
    await page.selectOption('#node-config-input-region', 'eu');
    assert.deepEqual(await brands(), ['hyundai', 'kia', 'genesis'], 'eu: all three');
    await page.selectOption('#node-config-input-region', 'us');
    assert.equal(await page.locator('#node-config-input-apiBaseUrl').isVisible(), false, 'advanced is folded');
    await page.locator('#node-config-input-advanced-toggle').click();
    assert.equal(await page.locator('#node-config-input-apiBaseUrl').isVisible(), true);
  });

  it('"Test login" with a missing username says what is wrong, and never shows the typed secrets', async () => {
    // Still in the dialog, now on region us; an unreachable API base URL keeps any attempt local.
    await page.fill('#node-config-input-apiBaseUrl', 'http://127.0.0.1:9');
    await page.fill('#node-config-input-username', '');
    await page.fill('#node-config-input-password', 'Secret-Password-4711');
    await page.fill('#node-config-input-pin', '8642');
    await page.locator('#node-config-input-test-login').click();
    const result = page.locator('#hyundai-kia-test-result');
    await result.filter({ hasText: /^login failed: / }).waitFor();
    const shown = await text(result);
    assert.match(shown, /^login failed: CONFIG_INVALID – .*username/, shown);
    const pageText = await page.locator('body').innerText();
    assert.ok(!pageText.includes('Secret-Password-4711') && !pageText.includes('8642'), 'no secret on the page');

    // Cancel leaves the deployed account as it was: the demo, logged in.
    await cancelTray(page);
    assert.equal(await page.evaluate(`RED.nodes.node(${JSON.stringify(world.account.id)}).region`), 'demo');
    await editConfigNode(page, world.account.label, '#node-config-input-region');
    assert.equal(await page.inputValue('#node-config-input-region'), 'demo');
    await page
      .locator('#hyundai-kia-token-state')
      .filter({ hasText: say(ACCOUNT, 'token.states.ready') })
      .waitFor();
    await cancelTray(page);
  });

  it('a new account, not deployed yet: Test login works, the token panel and Refresh now say to deploy first', async () => {
    const [lock] = await nodeIds(page, 'hyundai-kia-lock');
    await editNodeOnCanvas(page, lock, '#node-input-vehicle-pick');
    await page.locator('#node-input-btn-account-add').click();
    await page.locator('#node-config-input-region').waitFor();
    const state = page.locator('#hyundai-kia-token-state');
    const notDeployed = say(ACCOUNT, 'token.notDeployed');
    await state.filter({ hasText: notDeployed }).waitFor();

    await page.selectOption('#node-config-input-region', 'demo');
    await page.locator('#node-config-input-test-login').click();
    await page
      .locator('#hyundai-kia-test-result')
      .filter({ hasText: say(ACCOUNT, 'test.ok', { count: 1 }) })
      .waitFor();

    const answer = page.waitForResponse((res) => /\/refresh$/.test(res.url()));
    await page.locator('#node-config-input-refresh-now').click();
    assert.equal((await answer).status(), 404);
    await page
      .locator('#hyundai-kia-token-error')
      .filter({ hasText: /deploy/ })
      .waitFor();
    // The refresh is over: the panel must not keep saying it is refreshing.
    assert.equal(await text(state), notDeployed);
    await cancelTray(page);
    await cancelTray(page);
  });

  it("selects the car in the picker when the node's vehicle is given as its VIN", async () => {
    const [vehicle] = await world.api<(VehicleInfo & { vin: string })[]>(`accounts/${world.account.id}/vehicles`);
    const [lock] = await nodeIds(page, 'hyundai-kia-lock');
    await editNodeOnCanvas(page, lock, '#node-input-vehicle-pick');
    await page.fill('#node-input-vehicle', vehicle.vin);
    await page.locator('#node-dialog-ok').click();
    await page.locator('.red-ui-tray').waitFor({ state: 'detached' });

    await editNodeOnCanvas(page, lock, '#node-input-vehicle-pick');
    const pick = page.locator('#node-input-vehicle-pick');
    await pick.locator(`option[value="${vehicle.id}"]`).first().waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    assert.equal(await page.inputValue('#node-input-vehicle'), vehicle.vin, 'the field keeps the VIN');
    assert.equal(
      await pick.evaluate((s) => (s as unknown as { selectedOptions: { value: string }[] }).selectedOptions[0]?.value ?? null),
      vehicle.id,
    );
    await cancelTray(page);
  });

  it('speaks German in a German browser: the account dialog and the token panel', async () => {
    const browser = world.context.browser();
    assert.ok(browser);
    const german = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'de-DE' });
    try {
      german.on('weberror', (err) => world.pageErrors.push(`de: ${err.error().message}`));
      const de = await german.newPage();
      de.setDefaultTimeout(15_000);
      await openEditor(de, world.demo.url);
      await editConfigNode(de, world.account.label, '#hyundai-kia-token-state');
      const inGerman = (key: string): string => say(ACCOUNT, key, {}, 'de');
      await de
        .locator('#hyundai-kia-token-state')
        .filter({ hasText: inGerman('token.states.ready') })
        .waitFor();
      assert.equal(await text(de.locator('#node-config-input-refresh-now')), inGerman('label.refreshNow'));
      assert.equal(await text(de.locator('#node-config-input-test-login')), inGerman('label.testLogin'));
      assert.equal(await text(de.locator('#node-config-input-region option[value="demo"]')), inGerman('regions.demo'));
      assert.doesNotMatch(await de.locator('.red-ui-tray').last().innerText(), RAW_KEY);
    } finally {
      await german.close();
    }
  });

  it('raised no script error in the editor', () => {
    assert.deepEqual(world.pageErrors, []);
  });
});
