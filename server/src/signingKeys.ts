import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SigningKey } from './config';

/**
 * Signing keys for URLs: the configured ones, else a key generated once and kept in the data
 * folder so signed URLs survive restarts of a single local server. Several replicas must share
 * keys through SIGNING_KEYS.
 */
export async function resolveSigningKeys(
  configured: readonly SigningKey[],
  dataDir: string,
): Promise<{ keys: SigningKey[]; generated: boolean }> {
  if (configured.length) return { keys: [...configured], generated: false };
  const file = path.join(dataDir, 'signing-key');
  let secret: Buffer;
  try {
    secret = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  } catch {
    secret = randomBytes(32);
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' }).catch(async () => {
      secret = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url'); // another process won the race
    });
  }
  return { keys: [{ id: 'local', secret }], generated: true };
}
