// Nothing secret in Node-RED's log: everything the runtime wrote to stdout and stderr during the
// whole suite (at debug level, across the restart), searched for the credentials, the VINs and
// anything shaped like a refresh or access token.
import assert from 'node:assert/strict';
import { ADMIN, READER, current } from './world';
import { leaked, secretsOf } from './secrets';

export function logSuite(): void {
  describe("Node-RED's log", () => {
    it('shows the package at work and no secret', async () => {
      const { red, cloud, doomed } = current();
      const log = red.log.read();
      assert.match(log, /\[hyundai-kia-account:[^\]]+\] .*refresh/i, 'the session logged its refreshes (the log was captured)');
      assert.match(log, /e2e harness: restart/, 'the log spans the restart');
      const secrets = await secretsOf(
        [cloud, doomed],
        [
          { what: 'the admin password', value: ADMIN.password },
          { what: 'the reader password', value: READER.password },
        ],
      );
      assert.deepEqual(leaked(log, secrets), [], 'secrets in the log');
    });

    it('(the check itself) finds the secrets the simulator prints in its own banner', async () => {
      const { cloud, doomed } = current();
      const found = leaked(cloud.log.read(), await secretsOf([cloud, doomed]));
      for (const what of ['cloud 0 EU refresh token', 'cloud 0 EU password', 'cloud 0 EU PIN', 'an EU refresh token']) {
        assert.ok(found.includes(what), `${what} found in ${JSON.stringify(found)}`);
      }
    });
  });
}
