// Kia USA's one-time code in Debian's Chromium: a real Node-RED whose Kia USA account points at the
// simulator (apiBaseUrl). A message meets the code request (red ring "enter the code sent by email"),
// the account dialog shows the code field, Submit signs in and the nodes turn green, no re-deploy.
// Takes the README's picture docs/editor-otp.png.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SimulatorControl, SimulatorCredentials, SimulatorOptions } from '../../../nodes/lib';
import { NodeRed, tab } from '../harness';
import { launchChromium, screenshot } from './chromium';
import { say as sayAs } from './demo-editor';
import { cancelTray, editConfigNode, openEditor, text } from './editor-page';

type Sim = { url: string; control: SimulatorControl; credentials: SimulatorCredentials; close(): Promise<void> };
const lib = require(path.resolve(__dirname, '../../../dist/nodes/lib/index.js')) as { startSimulator(o?: SimulatorOptions): Promise<Sim> };

const ACCOUNT_LABEL = 'Kia USA (simulated)';
const say = (key: string, params?: Record<string, string | number>): string => sayAs('hyundai-kia-account', key, params);
/** A session badge's text: one shared text for every node (the account's catalogue, `common.status`). */
const badge = (key: string): string => sayAs('hyundai-kia-account', `common.status.${key}`);

describe('Kia USA one-time code in the account dialog (Chromium, real Node-RED, simulator)', function () {
  this.timeout(60_000);
  let sim: Sim;
  let red: NodeRed;
  let browser: Browser;
  let page: Page;
  const sent: string[] = [];

  before(async function () {
    this.timeout(90_000);
    sim = await lib.startSimulator({ commandDelayMs: 200, otpLog: (line) => sent.push(line) });
    red = await NodeRed.start({ logLevel: 'info' });
    const kia = sim.credentials.usKia;
    await red.deploy([
      tab('t1', 'Kia USA'),
      {
        id: 'kia-acc',
        type: 'hyundai-kia-account',
        name: ACCOUNT_LABEL,
        region: 'us',
        brand: 'kia',
        authMode: 'password',
        otpMethod: 'email',
        apiBaseUrl: sim.url,
        refreshBufferMinutes: 5,
        keepaliveMinutes: 60,
        autoRefresh: true,
        credentials: { username: kia.username, password: kia.password, pin: kia.pin },
      },
      {
        id: 'kia-inject',
        z: 't1',
        type: 'inject',
        name: 'read the car',
        x: 140,
        y: 80,
        props: [{ p: 'payload' }],
        payload: '',
        payloadType: 'date',
        repeat: '',
        once: false,
        wires: [['kia-status']],
      },
      {
        id: 'kia-status',
        z: 't1',
        type: 'hyundai-kia-status',
        name: 'Niro status',
        account: 'kia-acc',
        mode: 'cached',
        x: 360,
        y: 80,
        wires: [[]],
      },
      {
        id: 'kia-lock',
        z: 't1',
        type: 'hyundai-kia-lock',
        name: 'Niro lock',
        account: 'kia-acc',
        action: 'lock',
        confirm: true,
        x: 360,
        y: 160,
        wires: [[]],
      },
    ]);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await openEditor(page, red.url);
  });

  after(async function () {
    this.timeout(40_000);
    await browser?.close();
    await red?.stop();
    await sim?.close();
  });

  const label = (id: string) => page.locator(`#red-ui-workspace-chart g[id="${id}"] .red-ui-flow-node-status-label`);
  const dot = (id: string) => page.locator(`#red-ui-workspace-chart g[id="${id}"] .red-ui-flow-node-status`);

  it('a read meets the code request: the nodes show a red ring "enter the code sent by email"', async () => {
    const injected = await red.admin('POST', '/inject/kia-inject');
    assert.equal(injected.status, 200);
    await label('kia-status')
      .filter({ hasText: badge('otpRequiredEmail') })
      .waitFor();
    await label('kia-lock')
      .filter({ hasText: badge('otpRequiredEmail') })
      .waitFor();
    assert.match(String(await dot('kia-status').getAttribute('class')), /red-ui-flow-node-status-ring-red/);
    assert.match(sent[0] ?? '', /sent by EMAIL/);
  });

  it('the account dialog asks for the code; Submit signs in and the nodes turn green without a re-deploy', async () => {
    await editConfigNode(page, ACCOUNT_LABEL, '#hyundai-kia-token-state');
    const box = page.locator('#hyundai-kia-otp');
    await box.waitFor({ state: 'visible' });
    assert.equal(await text(page.locator('#hyundai-kia-token-state')), say('token.states.otp-required'));
    assert.equal(await text(page.locator('#hyundai-kia-otp-hint')), say('otp.hint', { method: say('otpMethods.email') }));
    assert.equal(await page.locator('#node-config-input-otpMethod').isVisible(), true, 'Kia USA shows the code method');
    // The code the simulated cloud "sent" (it printed it): typed as a user would.
    const code = /code (\d+) sent/.exec(sent[0] ?? '')?.[1];
    assert.equal(code, sim.credentials.usKia.otp);
    await page.locator('#hyundai-kia-otp-code').pressSequentially(code as string);
    await page.evaluate(`document.querySelector('#hyundai-kia-otp').scrollIntoView({ block: 'center' })`);
    await screenshot(page, 'editor-otp');

    await page.locator('#hyundai-kia-otp-submit').click();
    await page
      .locator('#hyundai-kia-otp-result')
      .filter({ hasText: say('otp.ok') })
      .waitFor();
    await page
      .locator('#hyundai-kia-token-state')
      .filter({ hasText: say('token.states.ready') })
      .waitFor();
    await box.waitFor({ state: 'hidden' });
    assert.equal(await page.inputValue('#hyundai-kia-otp-code'), '', 'the field does not keep the code');
    await cancelTray(page);

    // The waiting read finished; the lock node follows its account back to green "ready".
    await page.waitForFunction(
      `document.querySelector('#red-ui-workspace-chart g[id="kia-status"] .red-ui-flow-node-status')?.getAttribute('class')?.includes('dot-green')`,
    );
    await label('kia-lock')
      .filter({ hasText: badge('ready') })
      .waitFor();
    assert.match(String(await dot('kia-lock').getAttribute('class')), /red-ui-flow-node-status-dot-green/);
    const counters = sim.control.counters().kiaUs;
    assert.equal(counters.otpVerified, 1);
    assert.equal(counters.signIns, 1);
    assert.doesNotMatch(red.log.read(), new RegExp(sim.credentials.usKia.otp), 'the code reached the Node-RED log');
  });

  it('"Test login" on the same dialog asks for a code too, and Submit lists the car', async () => {
    await editConfigNode(page, ACCOUNT_LABEL, '#hyundai-kia-token-state');
    await page.locator('#node-config-input-test-login').click();
    const box = page.locator('#hyundai-kia-otp');
    await box.waitFor({ state: 'visible' });
    await page.locator('#hyundai-kia-otp-code').pressSequentially(sim.credentials.usKia.otp);
    await page.locator('#hyundai-kia-otp-submit').click();
    await page
      .locator('#hyundai-kia-test-result')
      .filter({ hasText: say('test.ok', { count: 1 }) })
      .waitFor();
    assert.match(await text(page.locator('#hyundai-kia-test-result li')), /Demo Niro EV · NIRO EV/);
    await cancelTray(page);
  });
});
