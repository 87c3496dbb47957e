// The small parts of the OneApp/CCI sign-in that the simulator cannot show on its own: the cookie
// jar's rules, and the Europe/Berlin offset the app sends in winter and in summer.
import assert from 'node:assert/strict';
import { EU_BRANDS } from '../../../nodes/lib/clouds/eu/brands';
import { berlinOffset, cciHeaders } from '../../../nodes/lib/clouds/eu/cci-headers';
import { CookieJar } from '../../../nodes/lib/clouds/eu/cookie-jar';

describe('EU OneApp/CCI parts', () => {
  it('the cookie jar keeps every cookie of every response, replaces by name and forgets deleted ones', () => {
    const jar = new CookieJar();
    assert.equal(jar.header(), undefined);
    jar.take(['SESSION=abc; Path=/; HttpOnly', 'lb=1; Path=/']);
    jar.take('XSRF=t0k=en; Secure');
    assert.equal(jar.header(), 'SESSION=abc; lb=1; XSRF=t0k=en');
    jar.take(['lb=2', 'XSRF=gone; Max-Age=0', 'empty=', 'garbage']);
    assert.equal(jar.header(), 'SESSION=abc; lb=2');
  });

  it('sends the Europe/Berlin offset of the moment: +01:00 in winter, +02:00 in summer', () => {
    assert.equal(berlinOffset(Date.UTC(2026, 0, 15, 12)), '+01:00');
    assert.equal(berlinOffset(Date.UTC(2026, 6, 15, 12)), '+02:00');
    // The switch in March happens at 01:00 UTC.
    assert.equal(berlinOffset(Date.UTC(2026, 2, 29, 0, 59)), '+01:00');
    assert.equal(berlinOffset(Date.UTC(2026, 2, 29, 1, 0)), '+02:00');
  });

  it("names the brand's app in the CCI headers, and adds the four token headers once signed in", () => {
    const kia = cciHeaders(EU_BRANDS.kia.oneApp, 'device-1', Date.UTC(2026, 0, 1));
    assert.equal(kia['client-id'], 'com.kia.oneapp.eu');
    assert.equal(kia['client-os-version'], '27');
    assert.equal(kia['client-notification-provider-type'], 'IOS_APPSTORE');
    assert.equal(kia['Content-Length'], '0');
    assert.equal(kia.authorization, undefined);
    const tokens = {
      accessToken: 'A',
      refreshToken: 'R',
      exchangeableAccessToken: 'X',
      exchangeableRefreshToken: 'XR',
      nonCcsToken: 'N',
      nonCcsRefreshToken: 'NR',
      idToken: 'I',
    };
    const genesis = cciHeaders(EU_BRANDS.genesis.oneApp, 'device-1', Date.UTC(2026, 0, 1), tokens, true);
    assert.equal(genesis['client-id'], 'com.genesis.oneapp.eu');
    assert.deepEqual(
      [genesis.authorization, genesis.Authentication, genesis['exchangeable-token'], genesis['non-ccs-token']],
      ['Bearer A', 'N', 'X', 'N'],
    );
    assert.equal(genesis['Content-Type'], 'application/json');
    assert.equal(genesis['Content-Length'], undefined);
  });
});
