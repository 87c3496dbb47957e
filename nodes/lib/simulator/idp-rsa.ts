// The identity server's password encryption (cloud-protocol.md 1.5 C): the client encrypts the
// password with the RSA key from `accounts/certs` (PKCS#1 v1.5) and sends it hex-encoded. Node 20
// refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so the few lines of RSA are done by hand.
import { generateKeyPairSync, KeyObject } from 'node:crypto';

const KID = 'HMGID2_CIPHER_KEY1';
let keys: { publicJwk: { n: string; e: string }; n: bigint; d: bigint } | null = null;

/** Made on first use (it takes a fifth of a second) and kept for the life of the process. */
function keyPair() {
  if (keys) return keys;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = (privateKey as KeyObject).export({ format: 'jwk' }) as { n: string; e: string; d: string };
  keys = { publicJwk: { n: jwk.n, e: jwk.e }, n: toBigInt(jwk.n), d: toBigInt(jwk.d) };
  return keys;
}

function toBigInt(base64url: string): bigint {
  return BigInt(`0x${Buffer.from(base64url, 'base64url').toString('hex')}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

export function certs() {
  const { publicJwk } = keyPair();
  return { retValue: { kid: KID, kty: 'RSA', alg: 'RSA1_5', use: 'enc', n: publicJwk.n, e: publicJwk.e } };
}

export const IDP_KID = KID;

/** The plain password, or null when the hex text is not a PKCS#1 v1.5 block for our key. */
export function decryptPassword(hex: string): string | null {
  if (!/^[0-9a-fA-F]+$/.test(hex)) return null;
  const { n, d } = keyPair();
  const block = modPow(BigInt(`0x${hex}`), d, n)
    .toString(16)
    .padStart(512, '0');
  const bytes = Buffer.from(block, 'hex'); // 00 02 <non-zero padding> 00 <message>
  if (bytes[0] !== 0 || bytes[1] !== 2) return null;
  const end = bytes.indexOf(0, 2);
  return end < 10 ? null : bytes.subarray(end + 1).toString('utf8');
}
