// The demo's second account (`npm start`): Kia USA on a simulated cloud, so that a newcomer sees the
// one-time code step. The simulator runs in this process on its own port and prints each code it
// "sends"; the tab "Kia USA (one-time code)" is (re)written on every start with the simulator's URL.
'use strict';
const path = require('node:path');

const TAB = 'hk-kia-usa-tab';
const ACCOUNT = 'hk-kia-usa-account';

function flow(apiBaseUrl, credentials) {
  const z = TAB; // Node-RED replaces it with the tab's own id
  return {
    id: TAB,
    label: 'Kia USA (one-time code)',
    info: 'A Kia USA account on a simulated cloud: its first sign-in asks for a one-time code.',
    nodes: [
      {
        id: 'hk-kia-usa-help',
        type: 'comment',
        z,
        x: 250,
        y: 40,
        wires: [],
        name: 'Press "read the car": the cloud asks for a code. Open the account, type the code npm start printed, Submit.',
      },
      {
        id: 'hk-kia-usa-inject',
        type: 'inject',
        z,
        name: 'read the car',
        props: [{ p: 'payload' }],
        payload: '',
        payloadType: 'date',
        repeat: '',
        once: false,
        x: 130,
        y: 100,
        wires: [['hk-kia-usa-status']],
      },
      {
        id: 'hk-kia-usa-status',
        type: 'hyundai-kia-status',
        z,
        name: 'Niro status',
        account: ACCOUNT,
        vehicle: '',
        mode: 'cached',
        maxAgeMinutes: 60,
        x: 330,
        y: 100,
        wires: [['hk-kia-usa-debug']],
      },
      {
        id: 'hk-kia-usa-debug',
        type: 'debug',
        z,
        name: 'state',
        active: true,
        tosidebar: true,
        complete: 'payload',
        x: 520,
        y: 100,
        wires: [],
      },
      {
        id: 'hk-kia-usa-lock-in',
        type: 'inject',
        z,
        name: 'lock',
        props: [{ p: 'payload' }],
        payload: '',
        payloadType: 'date',
        repeat: '',
        once: false,
        x: 130,
        y: 160,
        wires: [['hk-kia-usa-lock']],
      },
      {
        id: 'hk-kia-usa-lock',
        type: 'hyundai-kia-lock',
        z,
        name: 'Niro lock',
        account: ACCOUNT,
        vehicle: '',
        action: 'lock',
        confirm: true,
        x: 330,
        y: 160,
        wires: [['hk-kia-usa-debug']],
      },
    ],
    configs: [
      {
        id: ACCOUNT,
        type: 'hyundai-kia-account',
        z,
        name: 'Kia USA (simulated)',
        region: 'us',
        brand: 'kia',
        authMode: 'password',
        otpMethod: 'email',
        apiBaseUrl,
        refreshBufferMinutes: 5,
        keepaliveMinutes: 60,
        autoRefresh: true,
        credentials,
      },
    ],
  };
}

/** Starts the simulated Kia USA cloud and puts its tab into the running Node-RED at `base`. */
module.exports = async function addKiaDemo({ base, log }) {
  const { startSimulator } = require(path.join(__dirname, '..', 'dist', 'nodes', 'lib'));
  const sim = await startSimulator({ preset: 'demo', otpLog: (line) => log(`${line} (type it into the Kia USA account's dialog)`) });
  const { username, password, pin } = sim.credentials.usKia;
  const headers = { 'content-type': 'application/json', 'Node-RED-API-Version': 'v1' };
  // Node-RED gives an added tab an id of its own: find it again by the account node's id.
  const all = await fetch(`${base}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } }).then((r) => r.json());
  const tabId = (Array.isArray(all) ? all : []).find((n) => n.id === ACCOUNT)?.z;
  const definition = flow(sim.url, { username, password, pin });
  const answer = tabId
    ? await fetch(`${base}/flow/${tabId}`, { method: 'PUT', headers, body: JSON.stringify({ ...definition, id: tabId }) })
    : await fetch(`${base}/flow`, { method: 'POST', headers, body: JSON.stringify(definition) });
  if (!answer.ok) throw new Error(`could not add the Kia USA demo tab: ${answer.status} ${await answer.text()}`);
  log(`Kia USA demo: the tab "Kia USA (one-time code)" talks to a simulated cloud at ${sim.url}`);
  return sim;
};
