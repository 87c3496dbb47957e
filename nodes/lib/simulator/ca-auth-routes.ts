// Canada's sign-in (more-regions.md 1.3): `v2/login` answers a token only to a trusted `Deviceid`,
// else 7110; the code chain selverifmeth → sendotp → validateotp → genmfatkn trusts the device when
// `mfaYn` is "Y". `userAccount` must be the e-mail as registered: the upper-cased echo of
// selverifmeth gives 7999 on validateotp and genmfatkn (BetterBlueKit), as a wrong or stale code does.
import { randomBytes } from 'node:crypto';
import { caCloud, type CaCloud } from './ca-cloud';
import { caFail, caOk } from './ca-envelope';
import { header, text, type Reply, type Route, type RouteContext } from './http-types';

const API = '/tods/api';

function tokenAnswer(cloud: CaCloud): Reply {
  const { value, lifetime } = cloud.issueToken();
  return caOk(cloud, {
    accountInformation: {
      firstName: 'Demo',
      notificationEmail: cloud.account.username,
      preference: { odometerUnit: 1, climateUnit: 'C', languageId: 0 },
    },
    // The refresh token is returned but no endpoint takes it (more-regions.md 1.4).
    token: {
      accessToken: value,
      scope: ['profile'],
      tokenType: 'bearer',
      expireIn: lifetime,
      refreshToken: randomBytes(48).toString('base64url'),
      signature: '',
    },
    verifiedTnC: true,
  });
}

function printCode(ctx: RouteContext, cloud: CaCloud, method: string): void {
  ctx.world.options.otpLog(`[simulator] Canada sent the one-time code ${cloud.otpCode} by ${method === 'S' ? 'SMS' : 'e-mail'}`);
}

/** Genesis (told by the Origin host) can be set to refuse right codes with a bare 7549 (HKC #1169). */
function isGenesis(ctx: RouteContext): boolean {
  return /genesisconnect\.ca/i.test(header(ctx, 'origin') ?? '');
}

function login(ctx: RouteContext): Reply {
  const cloud = caCloud(ctx.world);
  cloud.counters.logins += 1;
  const { account } = cloud;
  if (text(ctx.body.loginId)?.toLowerCase() !== account.username.toLowerCase() || text(ctx.body.password) !== account.password) {
    return caFail(cloud, '7404');
  }
  if (!cloud.isTrusted(header(ctx, 'deviceid'))) {
    cloud.counters.otpRequired += 1;
    return caFail(cloud, '7110');
  }
  return tokenAnswer(cloud);
}

/** The MFA steps need the device that logged in and the code chain's own key. */
function mfa(step: (ctx: RouteContext, cloud: CaCloud, deviceId: string) => Reply) {
  return (ctx: RouteContext): Reply => {
    const cloud = caCloud(ctx.world);
    const deviceId = header(ctx, 'deviceid');
    if (!deviceId || text(ctx.body.mfaApiCode) !== '0107') return caFail(cloud, '7445');
    return step(ctx, cloud, deviceId);
  };
}

const sameAccount = (cloud: CaCloud, value: unknown) => text(value)?.toLowerCase() === cloud.account.username.toLowerCase();
const exactAccount = (cloud: CaCloud, value: unknown) => text(value) === cloud.account.username;

export const caAuthRoutes: Route[] = [
  // The portal's login page: clients that mimic a browser fetch it first for Cloudflare's cookie.
  {
    method: 'GET',
    pattern: '/login',
    handler: () => ({
      status: 200,
      body: '<html><body>login</body></html>',
      headers: { 'set-cookie': '__cf_bm=simulated; Path=/; HttpOnly' },
    }),
  },
  { method: 'POST', pattern: `${API}/v2/login`, handler: login },
  {
    method: 'POST',
    pattern: `${API}/mfa/selverifmeth`,
    handler: mfa((ctx, cloud) => {
      if (!sameAccount(cloud, ctx.body.userAccount)) return caFail(cloud, '7999');
      const { account } = cloud;
      return caOk(cloud, {
        userInfoUuid: account.userInfoUuid,
        otpKey: '',
        emailList: [account.username],
        userPhone: account.phone,
        userAccount: account.username.toUpperCase(),
      });
    }),
  },
  {
    method: 'POST',
    pattern: `${API}/mfa/sendotp`,
    handler: mfa((ctx, cloud) => {
      const method = text(ctx.body.otpMethod);
      if (!sameAccount(cloud, ctx.body.userAccount) || (method !== 'E' && method !== 'S')) return caFail(cloud, '7445');
      if (text(ctx.body.userInfoUuid) !== cloud.account.userInfoUuid) return caFail(cloud, '7445');
      const otpKey = cloud.sendCode();
      printCode(ctx, cloud, method);
      return caOk(cloud, { otpKey });
    }),
  },
  {
    method: 'POST',
    pattern: `${API}/mfa/validateotp`,
    handler: mfa((ctx, cloud) => {
      if (!exactAccount(cloud, ctx.body.userAccount)) return caFail(cloud, '7999');
      const key = cloud.validateCode(text(ctx.body.otpKey), ctx.body.otpNo);
      if (!key) return caFail(cloud, '7999');
      if (isGenesis(ctx) && cloud.genesisRefusesCodes) return caFail(cloud, '7549');
      return caOk(cloud, { otpValidationKey: key, verifiedOtp: true });
    }),
  },
  {
    method: 'POST',
    pattern: `${API}/mfa/genmfatkn`,
    handler: mfa((ctx, cloud, deviceId) => {
      if (!exactAccount(cloud, ctx.body.userAccount) || !sameAccount(cloud, ctx.body.otpEmail)) return caFail(cloud, '7999');
      if (!cloud.useValidation(text(ctx.body.otpValidationKey))) return caFail(cloud, '7999');
      if (text(ctx.body.mfaYn) === 'Y') cloud.trust(deviceId);
      return tokenAnswer(cloud);
    }),
  },
];
