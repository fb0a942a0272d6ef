import sharp from 'sharp';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../../test-support/http/startTestServer';
import { startS3Server, type S3TestServer } from '../../../test-support/s3/startS3Server';
import { makeJpeg, SAMPLE_EXIF } from '../../../test-support/images/makeImages';
import { createPostgresTestDatabase, type TestDatabase } from '../../db/__fixtures__/postgresTestDatabase';
import { TaggingError } from '../TaggingError';
import { createLambdaHandler, fromEnvironment, handler } from './handler';

/** A store prefix with characters S3 URL-encodes in event keys. */
const PREFIX = 'site(1)/';
const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

/** The notification S3 sends for a PUT, as documented (key URL-encoded). */
function objectCreated(bucket: string, key: string, eventName = 'ObjectCreated:Put') {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-11-28T10:00:00.000Z',
        eventName,
        userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'tagging',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/\(/g, '%28').replace(/\)/g, '%29'),
            size: 1024,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  };
}

let s3: S3TestServer;
let database: TestDatabase;
let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  [s3, database] = await Promise.all([startS3Server(), createPostgresTestDatabase()]);
  env = {
    ...s3.env(PREFIX),
    DATABASE_URL: database.url,
    TAGGING_MODE: 'lambda',
    TAGGERS: 'basic,exif,colour,hashes',
    LOG_LEVEL: 'silent',
  };
  // The AWS SDK reads credentials from the process environment, in the server as in the Lambda.
  process.env.AWS_ACCESS_KEY_ID = env.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = env.AWS_SECRET_ACCESS_KEY;
  server = await startTestServer({ env });
});

afterAll(async () => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  await server.close();
  await database.drop();
  await s3.stop();
});

async function upload(bytes: Buffer) {
  const res = await server.request.post('/v1/images').set(auth).attach('file', bytes, 'x.jpg');
  expect(res.status).toBe(201);
  await server.parts.events.drain();
  return (await server.db.images.findById(res.body.id))!;
}

const states = async (id: string) => (await server.db.tagging.states([id])).get(id)!;

it('tags the image behind an ObjectCreated event for its original, through the database layer', async () => {
  const image = await upload(await makeJpeg({ width: 200, height: 100, exif: SAMPLE_EXIF }));
  expect((await states(image.id)).map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  // The stripped delivery copy is another object in the bucket: not an original, ignored.
  expect(image.deliveryKey).not.toBe(image.storageKey);

  // The exported entry point, configured from the environment like the deployed function.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await handler(objectCreated(s3.bucket, `${PREFIX}${image.storageKey}`));
    expect(result.tagged).toEqual([
      expect.objectContaining({ imageId: image.id, done: ['basic', 'exif', 'colour', 'hashes'] }),
    ]);
    const ignored = await handler(objectCreated(s3.bucket, `${PREFIX}${image.deliveryKey}`));
    expect(ignored).toEqual({ tagged: [], ignored: [`${s3.bucket}/${PREFIX}${image.deliveryKey}`] });
  } finally {
    process.env = saved;
  }
  expect((await states(image.id)).map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
  const tags = (await server.db.images.findById(image.id))!.tags;
  expect(tags).toEqual(
    expect.arrayContaining([
      { name: 'landscape', source: 'basic', confidence: 1 },
      { name: 'make:acme', source: 'exif', confidence: 1 },
    ]),
  );
  const res = await server.request.get(`/v1/images/${image.id}`).set(auth);
  expect(res.body.tagging.status).toBe('done');
});

it('fails clearly on malformed events and writes nothing', async () => {
  const run = createLambdaHandler(fromEnvironment(env));
  const cases: [unknown, RegExp][] = [
    [null, /^Invalid S3 event: expected a non-empty Records list$/],
    [{ Records: [] }, /non-empty Records list/],
    [{ Records: [{ eventSource: 'aws:sqs' }] }, /Records\[0\]\.eventSource is not aws:s3/],
    [
      objectCreated(s3.bucket, 'x', 'ObjectRemoved:Delete'),
      /"ObjectRemoved:Delete" is not an ObjectCreated event/,
    ],
    [
      {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: {} },
          },
        ],
      },
      /s3\.object\.key is missing/,
    ],
    [
      {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key: '%E0%A4%A' } },
          },
        ],
      },
      /not URL-encoded/,
    ],
  ];
  for (const [event, message] of cases) {
    const err = await run(event).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TaggingError);
    expect(err).toMatchObject({
      code: 'INVALID_EVENT',
      retryable: false,
      message: expect.stringMatching(message),
    });
  }
});

it('fails clearly for an original whose object is missing or whose row does not exist yet', async () => {
  const run = createLambdaHandler(fromEnvironment(env));
  const image = await upload(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer(),
  );
  await server.store.delete(image.storageKey);
  await expect(run(objectCreated(s3.bucket, `${PREFIX}${image.storageKey}`))).rejects.toMatchObject({
    code: 'BLOB_NOT_FOUND',
    message: `s3://${s3.bucket}/${PREFIX}${image.storageKey} does not exist`,
  });
  expect((await states(image.id)).every((s) => s.status === 'pending' && s.attempts === 0)).toBe(true);

  const unknown = `${PREFIX}originals/ab/${'ab'.repeat(32)}`;
  await expect(run(objectCreated(s3.bucket, unknown))).rejects.toMatchObject({
    code: 'IMAGE_NOT_FOUND',
    retryable: true,
  });
});
