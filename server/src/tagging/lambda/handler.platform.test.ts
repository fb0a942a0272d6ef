import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../../test-support/http/startTestServer';
import { makeJpeg, SAMPLE_EXIF } from '../../../test-support/images/makeImages';
import { startS3Server, type S3TestServer } from '../../../test-support/s3/startS3Server';
import { TEST_POSTGRES_ADMIN_URL } from '../../db/__fixtures__/postgresTestDatabase';
import type { ImageRecord } from '../../db';
import { createLambdaHandler, fromEnvironment } from './handler';
import { managedDatabaseName } from './managedDatabaseName';
import type { LambdaRuntime } from './types';

// Platform mode: one function for every server in the shared bucket. Real s3rver, real
// PostgreSQL (one database per server, named by the operator's rule), two real servers writing
// under their operator-given prefixes; only Secrets Manager is a mock, returning the RDS-style
// secret of the local PostgreSQL.

const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
const ROOT = 'servers/';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds-db-credentials-AbCdEf';
/** A fresh namespace per run, so that the servers' database names are fresh too. */
const NS = `t${randomBytes(5).toString('hex')}`;
const NAMES = ['catalog', 'blog-2'] as const;

const secrets = mockClient(SecretsManagerClient);
let s3: S3TestServer;
const servers: Record<string, TestServer> = {};
let runtime: LambdaRuntime;
let run: ReturnType<typeof createLambdaHandler>;
let env: Record<string, string>;

async function admin(sql: string) {
  const client = new Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function objectCreated(bucket: string, ...keys: string[]) {
  return {
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket },
        object: { key: encodeURIComponent(key).replace(/%2F/g, '/') },
      },
    })),
  };
}

const prefixOf = (name: string) => `${ROOT}${NS}/${name}/`;

beforeAll(async () => {
  s3 = await startS3Server();
  const pg = new URL(TEST_POSTGRES_ADMIN_URL);
  for (const name of NAMES) {
    const database = managedDatabaseName(NS, name);
    await admin(`CREATE DATABASE "${database}"`);
    const url = new URL(pg);
    url.pathname = `/${database}`;
    servers[name] = await startTestServer({
      env: {
        ...s3.env(prefixOf(name)),
        DATABASE_URL: url.toString(),
        TAGGING_MODE: 'lambda',
        TAGGERS: 'basic,hashes',
        LOG_LEVEL: 'silent',
      },
    });
  }
  // The AWS SDK reads credentials from the process environment, in the server as in the Lambda.
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
    // The shape of an RDS-generated secret; dbname is the instance's default database, not used.
    SecretString: JSON.stringify({
      engine: 'postgres',
      username: decodeURIComponent(pg.username) || 'postgres',
      password: decodeURIComponent(pg.password) || 'unused-with-trust-auth',
      host: pg.hostname,
      port: Number(pg.port || 5432),
      dbname: 'imageserver',
      dbInstanceIdentifier: 'example-db',
    }),
  });
  const s3env = s3.env();
  env = {
    IMAGES_BUCKET: s3.bucket,
    SERVER_PREFIX_ROOT: ROOT,
    DATABASE_SECRET_ARN: SECRET_ARN,
    S3_ENDPOINT: s3env.S3_ENDPOINT!,
    S3_REGION: s3env.S3_REGION!,
    S3_FORCE_PATH_STYLE: 'true',
    TAGGERS: 'basic,hashes',
    LOG_LEVEL: 'silent',
  };
  runtime = await fromEnvironment(env)();
  run = createLambdaHandler(async () => runtime);
});

afterAll(async () => {
  await runtime?.close();
  for (const server of Object.values(servers)) await server.close();
  for (const name of NAMES)
    await admin(`DROP DATABASE IF EXISTS "${managedDatabaseName(NS, name)}" WITH (FORCE)`);
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  secrets.restore();
  await s3.stop();
});

async function upload(server: TestServer, bytes: Buffer): Promise<ImageRecord> {
  const res = await server.request.post('/v1/images').set(auth).attach('file', bytes, 'x.jpg');
  expect(res.status).toBe(201);
  await server.parts.events.drain();
  return (await server.db.images.findById(res.body.id))!;
}

const statuses = async (server: TestServer, id: string) =>
  (await server.db.tagging.states([id])).get(id)!.map((s) => s.status);

it('routes each original to its own server’s database, by the key’s namespace and name', async () => {
  // The same bytes on both servers: same sha256, same key below each prefix, two databases.
  // With EXIF, the delivery copy is another object (the location stripped).
  const bytes = await makeJpeg({ width: 120, height: 80, exif: SAMPLE_EXIF });
  const a = await upload(servers.catalog!, bytes);
  const b = await upload(servers['blog-2']!, bytes);
  expect(a.sha256).toBe(b.sha256);
  expect(b.deliveryKey).not.toBe(b.storageKey);

  const first = await run(objectCreated(s3.bucket, `${prefixOf('catalog')}${a.storageKey}`));
  expect(first.tagged).toEqual([expect.objectContaining({ imageId: a.id, done: ['basic', 'hashes'] })]);
  expect(await statuses(servers.catalog!, a.id)).toEqual(['done', 'done']);
  expect(await statuses(servers['blog-2']!, b.id)).toEqual(['pending', 'pending']);

  const second = await run(
    objectCreated(
      s3.bucket,
      `${prefixOf('blog-2')}${b.storageKey}`,
      // Not originals: ignored without opening anything.
      `${prefixOf('blog-2')}${b.deliveryKey}`,
    ),
  );
  expect(second.tagged).toEqual([expect.objectContaining({ imageId: b.id, done: ['basic', 'hashes'] })]);
  expect(second.ignored).toEqual([`${s3.bucket}/${prefixOf('blog-2')}${b.deliveryKey}`]);
  expect(await statuses(servers['blog-2']!, b.id)).toEqual(['done', 'done']);
  expect((await servers['blog-2']!.db.images.findById(b.id))!.tags).toContainEqual({
    name: 'landscape',
    source: 'basic',
    confidence: 1,
  });
});

it('fails a key outside the layout, another bucket or a server without a database, clearly', async () => {
  const sha = 'ab'.repeat(32);
  const cases: [string, string, object][] = [
    [
      s3.bucket,
      `elsewhere/x/originals/ab/${sha}`,
      {
        code: 'INVALID_EVENT',
        message: `Invalid S3 event: key "elsewhere/x/originals/ab/${sha}" is not under servers/`,
      },
    ],
    [
      s3.bucket,
      `${ROOT}${NS}`,
      {
        code: 'INVALID_EVENT',
        message: `Invalid S3 event: key "${ROOT}${NS}" is not under servers/<namespace>/<name>/`,
      },
    ],
    [
      s3.bucket,
      `${ROOT}Not_A_Namespace/catalog/originals/ab/${sha}`,
      {
        code: 'INVALID_EVENT',
        message: expect.stringMatching(/does not start with a namespace after servers\/$/),
      },
    ],
    [
      'another-bucket',
      `${prefixOf('catalog')}originals/ab/${sha}`,
      {
        code: 'INVALID_EVENT',
        message: `Invalid S3 event: bucket another-bucket is not the images bucket ${s3.bucket}`,
      },
    ],
    [
      s3.bucket,
      `${prefixOf('ghost')}originals/ab/${sha}`,
      {
        code: 'SERVER_DATABASE_NOT_FOUND',
        retryable: false,
        message: `No database ${managedDatabaseName(NS, 'ghost')} for ImageServer ${NS}/ghost`,
      },
    ],
  ];
  for (const [bucket, key, error] of cases) {
    await expect(run(objectCreated(bucket, key))).rejects.toMatchObject(error);
  }
});

it('tags the good records of a batch, then throws the failure so that the event is retried', async () => {
  const image = await upload(servers.catalog!, await makeJpeg({ width: 50, height: 90 }));
  const failure = run(
    objectCreated(
      s3.bucket,
      `${prefixOf('ghost')}originals/ab/${'cd'.repeat(32)}`,
      `${prefixOf('catalog')}${image.storageKey}`,
    ),
  );
  await expect(failure).rejects.toMatchObject({ code: 'SERVER_DATABASE_NOT_FOUND' });
  expect(await statuses(servers.catalog!, image.id)).toEqual(['done', 'done']);
  expect((await servers.catalog!.db.images.findById(image.id))!.tags).toContainEqual({
    name: 'portrait',
    source: 'basic',
    confidence: 1,
  });
});

it('reads the database secret once per container', () => {
  expect(secrets.commandCalls(GetSecretValueCommand, { SecretId: SECRET_ARN })).toHaveLength(1);
});

it('reads the secret again after a refused login, as after a rotation', async () => {
  const rotated = `${SECRET_ARN}-rotated`;
  const good = JSON.parse((await secretValue(SECRET_ARN))!) as Record<string, unknown>;
  secrets
    .on(GetSecretValueCommand, { SecretId: rotated })
    .resolvesOnce({ SecretString: JSON.stringify({ ...good, username: `nobody_${NS}` }) })
    .resolves({ SecretString: JSON.stringify(good) });
  const fresh = await fromEnvironment({ ...env, DATABASE_SECRET_ARN: rotated })();
  try {
    const handle = createLambdaHandler(async () => fresh);
    const image = await upload(servers.catalog!, await makeJpeg({ width: 64, height: 64 }));
    const event = objectCreated(s3.bucket, `${prefixOf('catalog')}${image.storageKey}`);
    // The database layer's own error; the refused role is in its cause.
    const refused = await handle(event).then(
      () => undefined,
      (err: unknown) => err as { code?: string; cause?: unknown },
    );
    expect(refused).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(String(refused?.cause)).toMatch(/nobody_/);
    await expect(handle(event)).resolves.toMatchObject({ tagged: [{ imageId: image.id }] });
    expect(secrets.commandCalls(GetSecretValueCommand, { SecretId: rotated })).toHaveLength(2);
  } finally {
    await fresh.close();
  }
});

async function secretValue(arn: string) {
  return (await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
}

it('refuses a platform configuration with a variable missing, naming it', async () => {
  const { DATABASE_SECRET_ARN: _omitted, ...partial } = env;
  await expect(fromEnvironment(partial)()).rejects.toThrow(
    'Invalid configuration:\n  - DATABASE_SECRET_ARN: required in platform mode (with IMAGES_BUCKET and DATABASE_SECRET_ARN)',
  );
});
