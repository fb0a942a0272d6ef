import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { readDatabaseSecret } from './readDatabaseSecret';
import { serverDatabaseUrl } from './serverDatabaseUrl';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf';
const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1' });
afterAll(() => secrets.restore());

const withSecret = (value: string) => {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: value });
};

describe('readDatabaseSecret', () => {
  it('reads the RDS-generated secret, the port as a number or a string', async () => {
    const rds = {
      engine: 'postgres',
      username: 'admin',
      password: 'p@ss:w/rd',
      host: 'db.example',
      port: 5433,
      dbname: 'x',
    };
    withSecret(JSON.stringify(rds));
    await expect(readDatabaseSecret(client, ARN)).resolves.toEqual({
      username: 'admin',
      password: 'p@ss:w/rd',
      host: 'db.example',
      port: 5433,
    });
    withSecret(JSON.stringify({ ...rds, port: '5433' }));
    await expect(readDatabaseSecret(client, ARN)).resolves.toMatchObject({ port: 5433 });
  });

  it('names what is missing, never the values', async () => {
    withSecret(JSON.stringify({ username: 'admin', password: 'hunter2', port: 'x' }));
    await expect(readDatabaseSecret(client, ARN)).rejects.toThrow(
      'Invalid configuration:\n  - DATABASE_SECRET_ARN: the secret lacks host, port',
    );
    withSecret('hunter2');
    await expect(readDatabaseSecret(client, ARN)).rejects.toThrow(
      'DATABASE_SECRET_ARN: the secret is not a JSON object (expected the RDS-generated secret)',
    );
  });
});

describe('serverDatabaseUrl', () => {
  it('puts the server’s database name and the escaped login in a PostgreSQL URL', () => {
    const url = serverDatabaseUrl(
      { username: 'admin', password: 'p@ss:w/rd', host: 'db.example', port: 5433 },
      'imgs_shop_catalog',
    );
    expect(url).toBe('postgres://admin:p%40ss%3Aw%2Frd@db.example:5433/imgs_shop_catalog');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:w/rd');
  });
});
