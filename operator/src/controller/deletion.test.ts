import { randomBytes } from 'node:crypto';
import {
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';
import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { Client } from 'pg';
import { condition, OPERATOR_NS, startHarness, waitFor, type Harness } from '../__fixtures__/harness';
import { managedDatabaseName } from '../database/managedNames';
import type { Operator } from './Operator';

// A random namespace per run: the managed database names derive from it, so runs never collide.
const NS = `del-${randomBytes(4).toString('hex')}`;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let h: Harness;
let operator: Operator;
let admin: Client;
// EKS Pod Identity has no local stand-in: an SDK mock keeping the associations in a set.
const eks = new EKSClient({ region: 'us-east-1' });
const eksMock = mockClient(eks);
const associations = new Set<string>();
// The platform's shared images bucket (infra's); the operator only lists and empties servers' prefixes there.
const SHARED = `${NS}-platform`;

const exists = async (sql: string, name: string) => ((await admin.query(sql, [name])).rowCount ?? 0) > 0;
const databaseExists = (name: string) => exists('SELECT 1 FROM pg_database WHERE datname = $1', name);
const roleExists = (name: string) => exists('SELECT 1 FROM pg_roles WHERE rolname = $1', name);
const bucketExists = (bucket: string) =>
  h.s3.client.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  h = await startHarness([NS]);
  h.api.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'pg-admin', namespace: OPERATOR_NS },
    data: { url: Buffer.from(ADMIN_URL).toString('base64') },
  });
  eksMock.on(ListPodIdentityAssociationsCommand).callsFake(async ({ serviceAccount }) => ({
    associations: associations.has(serviceAccount) ? [{ associationId: `a-${serviceAccount}` }] : [],
  }));
  eksMock.on(CreatePodIdentityAssociationCommand).callsFake(async ({ serviceAccount }) => {
    associations.add(serviceAccount);
    return {};
  });
  eksMock.on(DeletePodIdentityAssociationCommand).callsFake(async ({ associationId }) => {
    associations.delete(associationId.replace(/^a-/, ''));
    return {};
  });
  operator = await h.startOperator(
    {
      MANAGED_DATABASE_SECRET: 'pg-admin',
      EKS_CLUSTER_NAME: 'test',
      SHARED_BUCKET: SHARED,
      WORKLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/workload',
    },
    { eks },
  );
});

afterAll(async () => {
  await h.stop();
  for (const name of ['retained', 'deleted', 'adopted', 'onshared', 'sharedlc'].map((n) =>
    managedDatabaseName(NS, n),
  )) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${name}"`);
  }
  await admin.end();
  eksMock.restore();
});

async function createManaged(name: string, storage: Record<string, unknown>) {
  h.createImageServer({
    metadata: { name, namespace: NS },
    spec: { image: 'img:1', storage, database: { managed: true } },
  } as never);
  await waitFor(`${name} Deployment`, () => h.get('Deployment', NS, name));
  h.markDeploymentReady(NS, name);
  return waitFor(`${name} Ready`, () => {
    const s = h.getServer(NS, name);
    return condition(s, 'Ready')?.status === 'True' && s;
  });
}

test('managed database: role and database created, URL in the credentials Secret, login works', async () => {
  const server = await createManaged('retained', { bucket: `${NS}-retained` });
  const dbName = managedDatabaseName(NS, 'retained');
  expect(server.status?.databaseName).toBe(dbName);
  expect(condition(server, 'DatabaseReady')).toMatchObject({ status: 'True', reason: 'Managed' });
  const secret = h.get('Secret', NS, 'retained-credentials')!;
  const url = Buffer.from((secret.data as Record<string, string>).DATABASE_URL!, 'base64').toString();
  expect(new URL(url).pathname).toBe(`/${dbName}`);
  const asServer = new Client({ connectionString: url });
  await asServer.connect();
  const { rows } = await asServer.query('SELECT current_user, current_database()');
  await asServer.end();
  expect(rows[0]).toEqual({ current_user: dbName, current_database: dbName });
  expect(associations.has('retained')).toBe(true);
  expect(eksMock.commandCalls(CreatePodIdentityAssociationCommand)[0]!.args[0].input).toMatchObject({
    clusterName: 'test',
    namespace: NS,
    serviceAccount: 'retained',
    roleArn: 'arn:aws:iam::123456789012:role/workload',
    disableSessionTags: false,
  });
  expect(eksMock.commandCalls(CreatePodIdentityAssociationCommand)[0]!.args[0].input).not.toHaveProperty(
    'policy',
  );
});

test('deletionPolicy Retain: the finalizer lets go, bucket and database stay', async () => {
  await waitFor('retained exists', () => h.getServer(NS, 'retained'));
  await h.s3.client.send(new PutObjectCommand({ Bucket: `${NS}-retained`, Key: 'a.jpg', Body: 'x' }));
  h.api.delete({
    apiVersion: 'imageserver.dev/v1alpha1',
    kind: 'ImageServer',
    namespace: NS,
    name: 'retained',
  });
  await waitFor('ImageServer gone', () => !h.getServer(NS, 'retained'));
  await waitFor('children collected', () => !h.get('Deployment', NS, 'retained'));
  expect(await bucketExists(`${NS}-retained`)).toBe(true);
  expect(await databaseExists(managedDatabaseName(NS, 'retained'))).toBe(true);
  // The Pod Identity association belongs to the ServiceAccount, which is gone: it goes in any case.
  expect(associations.has('retained')).toBe(false);
});

test('deletionPolicy Delete: bucket emptied and deleted, managed database and role dropped', async () => {
  await createManaged('deleted', { bucket: `${NS}-deleted`, deletionPolicy: 'Delete' });
  const dbName = managedDatabaseName(NS, 'deleted');
  expect(await databaseExists(dbName)).toBe(true);
  for (const key of ['a.jpg', 'variants/a-100.webp']) {
    await h.s3.client.send(new PutObjectCommand({ Bucket: `${NS}-deleted`, Key: key, Body: 'x' }));
  }
  h.api.delete({
    apiVersion: 'imageserver.dev/v1alpha1',
    kind: 'ImageServer',
    namespace: NS,
    name: 'deleted',
  });
  await waitFor('ImageServer gone', () => !h.getServer(NS, 'deleted'));
  expect(await bucketExists(`${NS}-deleted`)).toBe(false);
  expect(await databaseExists(dbName)).toBe(false);
  expect(await roleExists(dbName)).toBe(false);
  const events = h.api
    .list({ apiVersion: 'v1', kind: 'Event', namespace: NS })
    .filter((e) => e.reason === 'Finalized');
  expect(events.map((e) => e.message)).toContainEqual(
    expect.stringContaining(`deleted bucket ${NS}-deleted`),
  );
});

test('deletionPolicy Delete on an adopted bucket removes only the server prefix', async () => {
  const bucket = `${NS}-shared`;
  await h.s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
  await h.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'other/keep.jpg', Body: 'x' }));
  const server = await createManaged('adopted', {
    bucket,
    prefix: 'adopted/',
    create: false,
    deletionPolicy: 'Delete',
  });
  expect(server.status?.bucket?.created).toBe(false);
  expect(condition(server, 'StorageReady')?.reason).toBe('BucketAdopted');
  await h.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'adopted/a.jpg', Body: 'x' }));
  h.api.delete({
    apiVersion: 'imageserver.dev/v1alpha1',
    kind: 'ImageServer',
    namespace: NS,
    name: 'adopted',
  });
  await waitFor('ImageServer gone', () => !h.getServer(NS, 'adopted'));
  const left = await h.s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(left.Contents?.map((o) => o.Key)).toEqual(['other/keep.jpg']);
  expect(operator.counts.error).toBe(0);
});

test('shared bucket: settings untouched, S3_PREFIX by namespace and service account, Delete empties only that prefix', async () => {
  await h.s3.client.send(new CreateBucketCommand({ Bucket: SHARED }));
  const neighbour = `servers/${NS}/onshared-2/keep.jpg`;
  await h.s3.client.send(new PutObjectCommand({ Bucket: SHARED, Key: neighbour, Body: 'x' }));
  const before = h.s3.sent().length;
  const server = await createManaged('onshared', { bucket: SHARED, prefix: 'v2/', deletionPolicy: 'Delete' });
  // Only listings of the prefix (one per reconcile): no bucket-level call, which infra's role denies.
  expect([...new Set(h.s3.sent().slice(before))]).toEqual(['ListObjectsV2Command']);
  expect(h.s3.settings.get(SHARED)).toBeUndefined();
  expect(server.status?.bucket).toEqual({ name: SHARED, arn: `arn:aws:s3:::${SHARED}`, created: false });
  expect(condition(server, 'StorageReady')).toMatchObject({
    status: 'True',
    reason: 'SharedBucket',
    message: `bucket ${SHARED}, prefix servers/${NS}/onshared/v2/`,
  });
  expect((h.get('ConfigMap', NS, 'onshared')!.data as Record<string, string>).S3_PREFIX).toBe(
    `servers/${NS}/onshared/v2/`,
  );
  await h.s3.client.send(
    new PutObjectCommand({ Bucket: SHARED, Key: `servers/${NS}/onshared/v2/a.jpg`, Body: 'x' }),
  );
  h.api.delete({
    apiVersion: 'imageserver.dev/v1alpha1',
    kind: 'ImageServer',
    namespace: NS,
    name: 'onshared',
  });
  await waitFor('ImageServer gone', () => !h.getServer(NS, 'onshared'));
  expect(await bucketExists(SHARED)).toBe(true);
  const left = await h.s3.client.send(new ListObjectsV2Command({ Bucket: SHARED }));
  expect(left.Contents?.map((o) => o.Key)).toEqual([neighbour]);
});

test('lifecycle rules on the shared bucket are refused with a terminal STORAGE_NOT_ALLOWED, changing nothing', async () => {
  const before = h.s3.sent().length;
  h.createImageServer({
    metadata: { name: 'sharedlc', namespace: NS },
    spec: {
      image: 'img:1',
      storage: { bucket: SHARED, lifecycle: { expireVariantsDays: 7 } },
      database: { managed: true },
    },
  } as never);
  const s = await waitFor('StorageReady False', () => {
    const x = h.getServer(NS, 'sharedlc');
    return condition(x, 'StorageReady')?.status === 'False' && x;
  });
  expect(condition(s, 'StorageReady')).toMatchObject({
    reason: 'StorageNotAllowed',
    message:
      'spec.storage.lifecycle: the shared bucket’s lifecycle is managed by the platform; lifecycle rules apply to a server’s own bucket only',
  });
  expect(h.s3.sent().slice(before)).toEqual([]);
  expect(h.get('Deployment', NS, 'sharedlc')).toBeUndefined();
});

test('adopting a bucket that does not exist is a terminal error with a clear message', async () => {
  h.createImageServer({
    metadata: { name: 'nobucket', namespace: NS },
    spec: {
      image: 'img:1',
      storage: { bucket: `${NS}-missing`, create: false },
      database: { managed: true },
    },
  } as never);
  const s = await waitFor('StorageReady False', () => {
    const x = h.getServer(NS, 'nobucket');
    return condition(x, 'StorageReady')?.status === 'False' && x;
  });
  expect(condition(s, 'StorageReady')).toMatchObject({
    reason: 'BucketNotFound',
    message: `bucket ${NS}-missing does not exist and storage.create is false`,
  });
  expect(await bucketExists(`${NS}-missing`)).toBe(false);
});
