// Protection end to end (issue "protect the car and the account"): a real Node-RED with the package
// installed, the simulator as a cloud in its own process. With a small daily budget, flows keep
// answering on the last good state under grey badges and the cloud never sees more calls to the car
// than the budget; a forced read inside quiet hours wakes nothing.
import assert from 'node:assert/strict';
import { NodeRed, SimulatorProcess, badgeRecorder, catchToHttp, httpDriven, tab } from '../harness';
import type { FlowNode, RecordedBadge } from '../harness';

const BUDGET = 4;
const STATUS = { id: 'e2e-protect-status', route: '/protect/status' };
const LOCK = { id: 'e2e-protect-lock', route: '/protect/lock' };
const QUIET = { id: 'e2e-protect-quiet', route: '/protect/quiet' };
const BADGES = '/protect/badges';

/** A quiet-hours window around the current local time (the Node-RED process runs on this machine). */
function quietAroundNow(): string {
  const hour = new Date().getHours();
  const at = (h: number): string => `${String((h + 24) % 24).padStart(2, '0')}:00`;
  return `${at(hour - 1)}-${at(hour + 2)}`;
}

describe('protection in a real Node-RED', function () {
  this.timeout(60_000);
  let red: NodeRed;
  let cloud: SimulatorProcess;

  before(async function () {
    this.timeout(90_000);
    [cloud, red] = await Promise.all([SimulatorProcess.start(), NodeRed.start()]);
    await cloud.control('setCommandDelay', 30);
    await cloud.control('setForceDelay', 30);
    await cloud.control('setQuota', BUDGET + 20, 'eu'); // the cloud would allow more: our budget must stop first
    const z = 'e2e-protect-tab';
    const { eu } = cloud.credentials;
    const flows: FlowNode[] = [
      tab(z, 'protection e2e'),
      {
        id: 'e2e-protect-account',
        type: 'hyundai-kia-account',
        region: 'eu',
        brand: 'kia',
        authMode: 'refreshToken',
        apiBaseUrl: cloud.url,
        dailyBudget: BUDGET,
        minForceIntervalMinutes: 0,
        credentials: { refreshToken: eu.refreshToken, pin: eu.pin },
      },
      {
        id: 'e2e-protect-quiet-account',
        type: 'hyundai-kia-account',
        region: 'eu',
        brand: 'hyundai',
        authMode: 'password',
        apiBaseUrl: cloud.url,
        quietHours: quietAroundNow(),
        credentials: { username: eu.username, password: eu.password, pin: eu.pin },
      },
      ...httpDriven(z, STATUS.route, { id: STATUS.id, type: 'hyundai-kia-status', account: 'e2e-protect-account', mode: 'force' }),
      ...httpDriven(z, LOCK.route, {
        id: LOCK.id,
        type: 'hyundai-kia-lock',
        account: 'e2e-protect-account',
        action: 'lock',
        confirm: true,
      }),
      ...httpDriven(z, QUIET.route, { id: QUIET.id, type: 'hyundai-kia-status', account: 'e2e-protect-quiet-account', mode: 'force' }),
      ...catchToHttp(z, 'e2e-protect-catch', [STATUS.id, LOCK.id, QUIET.id]),
      ...badgeRecorder(z, 'e2e-protect-badges', [STATUS.id, LOCK.id, QUIET.id], BADGES),
    ];
    await red.deploy(flows);
  });
  after(async () => {
    await Promise.all([red?.stop(), cloud?.stop()]);
  });

  const lastBadge = async (node: string): Promise<RecordedBadge | undefined> => {
    const answer = await red.http('GET', BADGES);
    return (answer.body as RecordedBadge[]).filter((b) => b.node === node).at(-1);
  };

  it('a small budget: forced reads and commands stop at it, reads go on stale under grey badges, the cloud never sees more', async () => {
    const answers = [];
    for (let i = 0; i < 8; i += 1) {
      answers.push(await red.http('POST', STATUS.route, { mode: 'force' }));
      if (i % 2 === 0) answers.push(await red.http('POST', LOCK.route, { action: i % 4 === 0 ? 'lock' : 'unlock' }));
    }
    const counters = await cloud.counters();
    assert.ok(
      counters.forceRefreshes + counters.commands <= BUDGET,
      `the cloud saw ${counters.forceRefreshes} forced reads and ${counters.commands} commands`,
    );
    assert.equal(counters.forceRefreshes + counters.commands, BUDGET, 'the budget was used, not more');
    assert.equal(counters.quotaRejections, 0, 'the cloud never had to refuse');

    for (const a of answers) assert.equal(a.status, 200, a.text);
    const reads = answers.filter((a) => a.body.at === 'out' && a.body.payload && 'locked' in (a.body.payload as object));
    assert.equal(reads.length, 8, 'every read was answered');
    const stale = reads.filter((a) => a.body.stale === true);
    assert.ok(stale.length >= 4, `${stale.length} stale answers`);
    const caught = answers.filter((a) => a.body.at === 'caught');
    assert.ok(
      caught.length >= 1 && caught.every((a) => a.body.error.code === 'RATE_LIMITED' && a.body.errorDetails.retryAfterSeconds > 0),
      JSON.stringify(caught.map((a) => a.body.error)),
    );

    assert.deepEqual(await lastBadge(STATUS.id), { node: STATUS.id, fill: 'grey', shape: 'ring', text: 'rate limited' });
    assert.deepEqual(await lastBadge(LOCK.id), { node: LOCK.id, fill: 'grey', shape: 'ring', text: 'rate limited' });

    const token = await red.admin('GET', '/hyundai-kia/accounts/e2e-protect-account/token');
    assert.deepEqual({ used: token.body.budget.used, limit: token.body.budget.limit }, { used: BUDGET, limit: BUDGET });
    const events = await red.admin('GET', '/hyundai-kia/accounts/e2e-protect-account/events');
    assert.ok((events.body.events as Array<{ event: string }>).some((e) => e.event === 'rate-limited'));
  });

  it("after a Node-RED restart the day's budget is still spent and the last good state still answers, from disk", async () => {
    const before = await cloud.counters();
    await red.restart();
    const answer = await red.http('POST', STATUS.route, { mode: 'force' });
    assert.equal(answer.body.at, 'out', answer.text);
    assert.equal(answer.body.stale, true);
    assert.equal(typeof answer.body.payload.locked, 'boolean');
    const after = await cloud.counters();
    assert.equal(after.forceRefreshes + after.commands, before.forceRefreshes + before.commands, 'nothing more reached the car');
    assert.deepEqual(await lastBadge(STATUS.id), { node: STATUS.id, fill: 'grey', shape: 'ring', text: 'rate limited' });
  });

  it('inside quiet hours a forced read answers the cached copy with msg.refused and wakes nothing', async () => {
    const before = await cloud.counters();
    const answer = await red.http('POST', QUIET.route, { mode: 'force' });
    assert.equal(answer.body.at, 'out', answer.text);
    assert.equal(answer.body.refused, 'quietHours');
    assert.equal((await cloud.counters()).forceRefreshes, before.forceRefreshes);
  });
});
