import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../config';
import type { DatabaseSecret } from './types';

/**
 * Reads the RDS-generated database secret (JSON with `username`, `password`, `host`, `port`).
 * Error messages name missing fields, never values.
 * @throws ConfigError when the secret is not such a JSON object; the SDK's error when it cannot be read.
 */
export async function readDatabaseSecret(client: SecretsManagerClient, arn: string): Promise<DatabaseSecret> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const fail = (why: string) => new ConfigError([`DATABASE_SECRET_ARN: the secret ${why}`]);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(SecretString ?? '') as Record<string, unknown>;
  } catch {
    throw fail('is not a JSON object (expected the RDS-generated secret)');
  }
  if (value === null || typeof value !== 'object')
    throw fail('is not a JSON object (expected the RDS-generated secret)');
  const port = typeof value.port === 'string' && /^\d+$/.test(value.port) ? Number(value.port) : value.port;
  const missing = [
    typeof value.username === 'string' && value.username !== '' ? undefined : 'username',
    typeof value.password === 'string' ? undefined : 'password',
    typeof value.host === 'string' && value.host !== '' ? undefined : 'host',
    Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536 ? undefined : 'port',
  ].filter((field): field is string => field !== undefined);
  if (missing.length) throw fail(`lacks ${missing.join(', ')}`);
  return {
    username: value.username as string,
    password: value.password as string,
    host: value.host as string,
    port: port as number,
  };
}
