#!/usr/bin/env node
// The session's benchmark (`npm run bench` builds first): what executeWithRetry costs on the happy
// path against calling the operation directly, and what a storm of concurrent callers on an expired
// token costs (token calls must be 1; added latency against one refresh alone).
// Fails (exit 1) when the overhead exceeds 2 µs per call or a storm makes more than one token call.
'use strict';
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const lib = process.env.BENCH_LIB || path.join(__dirname, '..', 'dist', 'nodes', 'lib', 'session');
const { TokenManager } = require(lib);

const OVERHEAD_LIMIT_NS = 2000;
const REFRESH_MS = 20; // simulated token endpoint round trip
const HOUR = 3_600_000;

function strategy(counter, refreshMs = 0, now = Date.now) {
  let serial = 0;
  const answer = async () => {
    counter.calls += 1;
    if (refreshMs) await new Promise((resolve) => setTimeout(resolve, refreshMs));
    serial += 1;
    return { accessToken: `access-${serial}`, refreshToken: `refresh-${serial}`, expiresAt: now() + HOUR };
  };
  return { identity: 'bench', canLogin: true, login: answer, refresh: answer };
}

async function timeLoop(iterations, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

async function happyPath() {
  const counter = { calls: 0 };
  const manager = new TokenManager({ strategy: strategy(counter), autoRefresh: false });
  const token = await manager.getAccessToken();
  const op = async (t) => t.length;
  const direct = () => op(token);
  const wrapped = () => manager.executeWithRetry(op);
  const iterations = 200_000;
  await timeLoop(50_000, direct); // warm up both paths
  await timeLoop(50_000, wrapped);
  const rounds = [];
  for (let round = 0; round < 7; round++) {
    const d = await timeLoop(iterations, direct);
    const w = await timeLoop(iterations, wrapped);
    rounds.push({ direct: d, wrapped: w, overhead: w - d });
  }
  rounds.sort((a, b) => a.overhead - b.overhead);
  await manager.stop();
  return rounds[Math.floor(rounds.length / 2)]; // the median round
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function expiredManager(counter) {
  let now = Date.now();
  const clock = () => now;
  const manager = new TokenManager({ strategy: strategy(counter, REFRESH_MS, clock), autoRefresh: false, now: clock });
  await manager.getAccessToken();
  now += 2 * HOUR; // the token is expired from here on
  counter.calls = 0;
  return manager;
}

async function storm(callers) {
  // One refresh alone, as the reference.
  const soloCounter = { calls: 0 };
  const solo = await expiredManager(soloCounter);
  const soloStart = performance.now();
  await solo.executeWithRetry(async (t) => t);
  const refreshMs = performance.now() - soloStart;
  await solo.stop();

  const counter = { calls: 0 };
  const manager = await expiredManager(counter);
  const latencies = new Array(callers);
  const start = performance.now();
  let ok = 0;
  await Promise.all(
    Array.from({ length: callers }, (_, i) =>
      manager.executeWithRetry(async (t) => t).then(() => {
        ok += 1;
        latencies[i] = performance.now() - start;
      }),
    ),
  );
  await manager.stop();
  const added = latencies.map((l) => Math.max(0, l - refreshMs)).sort((a, b) => a - b);
  return { callers, tokenCalls: counter.calls, ok, refreshMs, p50: percentile(added, 50), p99: percentile(added, 99) };
}

function row(cells, widths) {
  return cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
}

async function main() {
  const startedAt = Date.now();
  const happy = await happyPath();
  const storms = [];
  for (const n of [1_000, 10_000]) storms.push(await storm(n));

  const out = [];
  out.push('TokenManager benchmark (Node ' + process.version + ')', '');
  out.push('Happy path (valid token), median of 7 rounds of 200,000 sequential calls:');
  const w1 = [34, 12];
  out.push(row(['', 'ns per call'], w1));
  out.push(row(['direct op(token)', happy.direct.toFixed(0)], w1));
  out.push(row(['executeWithRetry(op)', happy.wrapped.toFixed(0)], w1));
  out.push(row(['overhead (limit ' + OVERHEAD_LIMIT_NS + ' ns)', happy.overhead.toFixed(0)], w1));
  out.push(row(['ratio wrapped / direct', (happy.wrapped / happy.direct).toFixed(2) + 'x'], w1));
  out.push('', `Storms on an expired token (token endpoint takes ${REFRESH_MS} ms):`);
  const w2 = [8, 11, 9, 14, 16, 16];
  out.push(row(['callers', 'token calls', 'succeeded', 'one refresh ms', 'added p50 ms', 'added p99 ms'], w2));
  for (const s of storms) out.push(row([s.callers, s.tokenCalls, s.ok, s.refreshMs.toFixed(1), s.p50.toFixed(2), s.p99.toFixed(2)], w2));
  out.push('', `Total ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  const failures = [];
  if (happy.overhead > OVERHEAD_LIMIT_NS) failures.push(`overhead ${happy.overhead.toFixed(0)} ns > ${OVERHEAD_LIMIT_NS} ns`);
  for (const s of storms) {
    if (s.tokenCalls !== 1) failures.push(`${s.callers} callers made ${s.tokenCalls} token calls`);
    if (s.ok !== s.callers) failures.push(`${s.callers - s.ok} of ${s.callers} callers failed`);
  }
  out.push(failures.length ? 'FAIL: ' + failures.join('; ') : 'PASS');
  process.stdout.write(out.join('\n') + '\n');
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
