// Encryption at rest for stored token sets: AES-256-GCM from Node's crypto. The key comes from
// Node-RED's credentialSecret when there is one, else from a random key file beside the tokens.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const KEY_FILE_NAME = 'token-store.key';

const SALT = 'node-red-contrib-hyundai-kia';
const INFO = 'token-store v1';

interface Envelope {
  v: 1;
  alg: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

/** A 32-byte key derived from a passphrase (credentialSecret). */
export function keyFromSecret(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));
}

/** Reads the key file in `dir`, creating it (mode 0600, exclusive create) the first time. */
export async function keyFromFile(dir: string): Promise<Buffer> {
  const file = path.join(dir, KEY_FILE_NAME);
  try {
    return await readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  try {
    const handle = await fs.open(file, 'wx', 0o600);
    try {
      await handle.writeFile(key.toString('base64'));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return key;
  } catch (err) {
    // Another process created it between our read and our create: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKey(file);
    throw err;
  }
}

async function readKey(file: string): Promise<Buffer> {
  const key = Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error('token store key file is damaged');
  return key;
}

/** `aad` binds the ciphertext to its file, so a file copied over another one does not decrypt. */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const envelope: Envelope = {
    v: 1,
    alg: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return JSON.stringify(envelope);
}

/** Throws when the text is not an envelope, or was not sealed with this key and aad. */
export function open(key: Buffer, text: string, aad: string): string {
  const envelope = JSON.parse(text) as Envelope;
  if (envelope.v !== 1 || envelope.alg !== 'aes-256-gcm') throw new Error('unknown token file format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
}
