// Import > Examples in the editor of `npm start`: the package's example flows are listed, one
// imports in one click, deploys, and its node follows the demo account.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { say, useDemoEditor } from './demo-editor';
import { nodeIds, text } from './editor-page';

const examplesDir = path.resolve(__dirname, '../../../examples');

describe('Import > Examples in Chromium (npm start, demo region)', function () {
  this.timeout(30_000);
  const world = useDemoEditor();
  let page: Page;
  before(() => ({ page } = world));

  const examplesTree = (): ReturnType<Page['locator']> => page.locator('#red-ui-clipboard-dialog-import-tab-examples');

  it('lists every example flow of the package under Import > Examples', async () => {
    await page.locator('#red-ui-header-button-sidemenu').click();
    await page.locator('#menu-item-import').click();
    await page.getByRole('link', { name: 'Examples' }).click();
    await examplesTree().getByText('node-red-contrib-hyundai-kia', { exact: true }).click();
    const expected = fs
      .readdirSync(examplesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    for (const name of expected) await examplesTree().getByText(name, { exact: true }).waitFor();
  });

  it('imports "04 - windows" in one click, deploys it, and its windows node turns ready', async () => {
    await examplesTree().getByText('04 - windows', { exact: true }).click();
    await page.locator('#red-ui-clipboard-dialog-ok').click();
    // Node-RED asks when an imported id exists already (no example shares an id with the demo flow).
    const conflict = page.locator('.red-ui-notification', { hasText: 'already exist in your workspace' });
    const asked = await conflict
      .waitFor({ timeout: 1_500 })
      .then(() => true)
      .catch(() => false);
    if (asked) await conflict.getByRole('button', { name: 'Import copy' }).click();

    const [windows] = await nodeIds(page, 'hyundai-kia-windows');
    assert.ok(windows, 'the example brought a windows node');
    const account = String(await page.evaluate(`RED.nodes.node(${JSON.stringify(windows)}).account`));
    assert.equal(await page.evaluate(`RED.nodes.node(${JSON.stringify(account)}).region`), 'demo');

    await page.evaluate(`RED.workspaces.show(RED.nodes.node(${JSON.stringify(windows)}).z)`);
    await page.locator('#red-ui-header-button-deploy').click();
    await page.locator('.red-ui-notification', { hasText: 'Successfully deployed' }).waitFor();
    const badge = page.locator(`#red-ui-workspace-chart g[id="${windows}"] .red-ui-flow-node-status-label`);
    await page.waitForFunction(
      `(document.querySelector('#red-ui-workspace-chart g[id="${windows}"] .red-ui-flow-node-status-label') || {}).textContent === ${JSON.stringify(say('hyundai-kia-account', 'common.status.ready'))}`,
    );
    assert.equal(await text(badge), say('hyundai-kia-account', 'common.status.ready'));
    assert.equal(asked, false, 'one click: Node-RED asked about nodes that "already exist in your workspace"');
  });

  it('raised no script error in the editor', () => {
    assert.deepEqual(world.pageErrors, []);
  });
});
