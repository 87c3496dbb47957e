#!/usr/bin/env node
// `npm run simulator`: the simulated clouds on loopback, standalone. Port from `--port <n>` or
// SIM_PORT (default: any free port). Prints the base URL and the demo credentials (fake values that
// open nothing but this simulator), and stops cleanly on Ctrl-C / SIGTERM.
import { startSimulator } from './index';

function portFromArgs(argv: string[], env: NodeJS.ProcessEnv): number {
  const flag = argv.indexOf('--port');
  const raw = flag >= 0 ? argv[flag + 1] : (argv.find((a) => a.startsWith('--port='))?.slice(7) ?? env.SIM_PORT);
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const sim = await startSimulator({ port: portFromArgs(process.argv.slice(2), process.env), preset: demo ? 'demo' : 'default' });
  const { eu, us, usKia, ca, au, nz } = sim.credentials;
  const india = sim.credentials.in;
  const cars = sim.control.vehicles().map((v) => `  ${v.region.toUpperCase()}  ${v.nickname} (${v.protocol}, id ${v.vehicleId})`);
  process.stdout.write(
    [
      `Hyundai/Kia cloud simulator listening on ${sim.url}`,
      'Use it as apiBaseUrl. Demo credentials (fake, for this simulator only):',
      `  EU  username ${eu.username}  password ${eu.password}  pin ${eu.pin}  (password mode: the OneApp/CCI sign-in)`,
      `      refresh token ${eu.refreshToken}`,
      `  US  username ${us.username}  password ${us.password}  pin ${us.pin}`,
      `  Kia USA username ${usKia.username}  password ${usKia.password}  pin ${usKia.pin}  one-time code ${usKia.otp}`,
      `  CA  username ${ca.username}  password ${ca.password}  pin ${ca.pin}  one-time code ${ca.otp}`,
      `  AU  username ${au.username}  password ${au.password}  pin ${au.pin}`,
      `  NZ  username ${nz.username}  password ${nz.password}  pin ${nz.pin}`,
      `  IN  username ${india.username}  password ${india.password}  pin ${india.pin}`,
      'Cars:',
      ...cars,
      `Fault injection: POST ${sim.url}/__sim/<method> with a JSON array of arguments; GET ${sim.url}/__sim/counters`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
