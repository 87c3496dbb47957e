// The dialogs a user meets when building a flow of their own: a node dragged from the palette, the
// account dialog's fields per region and login mode, a failed "Test login", help and translations.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ACCOUNT, ACTION_TYPES, say, useDemoEditor } from './demo-editor';
import type { VehicleInfo } from './demo-editor';
import { CATEGORY_CONTAINER, cancelTray, editConfigNode, editNodeOnCanvas, nodeIds, text } from './editor-page';

/** A locale key shown instead of its text, e.g. `hyundai-kia-lock.label.name`. */
const RAW_KEY = /hyundai-kia-\w+\.[\w.]+/;

describe('editor dialogs in Chromium (npm start, demo region)', function () {
  this.timeout(60_000);
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

  it('a windows node dragged from the palette gets its account and the demo car in its dialog', async () => {
    const [vehicle] = await world.api<VehicleInfo[]>(`accounts/${world.account.id}/vehicles`);
    const before = await nodeIds(page, 'hyundai-kia-windows');
    const source = page.locator(`${CATEGORY_CONTAINER} .red-ui-palette-node[data-palette-type="hyundai-kia-windows"]`);
    await source.scrollIntoViewIfNeeded();
    const from = await source.boundingBox();
    const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
    assert.ok(from && chart);
    // jQuery UI's drag needs a real press, a few moves and a release over the canvas.
    await page.mouse.move(from.x + 20, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 200, from.y, { steps: 5 });
    await page.mouse.move(chart.x + chart.width - 150, chart.y + 60, { steps: 20 });
    await page.mouse.move(chart.x + chart.width - 145, chart.y + 65, { steps: 2 });
    await page.mouse.up();
    const added = (await nodeIds(page, 'hyundai-kia-windows')).filter((id) => !before.includes(id));
    assert.equal(added.length, 1, 'one windows node on the canvas');

    await editNodeOnCanvas(page, added[0], '#node-input-vehicle-pick');
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
      assert.ok(shown.includes(say(type, 'label.vehicle')), `${type}: the vehicle label`);
      await cancelTray(page);
    }
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
    await page.selectOption('#node-config-input-region', 'us');
    assert.deepEqual(await visible(), ['brand', 'username', 'password', 'pin'], 'us: password only');
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
    await page.locator('#hyundai-kia-token-state').filter({ hasText: say(ACCOUNT, 'token.states.ready') }).waitFor();
    await cancelTray(page);
  });

  it('raised no script error in the editor', () => {
    assert.deepEqual(world.pageErrors, []);
  });
});
