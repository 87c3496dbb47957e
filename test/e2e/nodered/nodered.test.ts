// The end-to-end suite of issue 4 ("Done when"): a real Node-RED 4.1 with the package installed,
// flows driven over HTTP against the simulator running as an independent cloud. One Node-RED and
// one pair of clouds serve every section, in this order: the restart and the revocation come late,
// the log check last.
import { adminSuite } from './admin';
import { errorSuite } from './errors';
import { flowSuite } from './flows';
import { generatedKeySuite } from './generated-key';
import { logSuite } from './log';
import { proactiveSuite } from './proactive';
import { restartSuite } from './restart';
import { revokedSuite } from './revoked';
import { stormSuite } from './storm';
import { startWorld, stopWorld } from './world';

describe('node-red-contrib-hyundai-kia in a real Node-RED', function () {
  this.timeout(60_000);
  before(async function () {
    this.timeout(90_000);
    await startWorld();
  });
  after(() => stopWorld());

  flowSuite();
  errorSuite();
  stormSuite();
  adminSuite();
  restartSuite();
  generatedKeySuite();
  proactiveSuite();
  revokedSuite();
  logSuite();
});
