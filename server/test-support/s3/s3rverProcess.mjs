// Child-process entry of startS3Server: runs s3rver 3.7.1 on 127.0.0.1 and a free port, storing
// under the folder given as argv[2], and prints one line `{"port":N}` once it listens. Exits when
// its stdin closes, so it never outlives the test process that started it.
//
// Plain JavaScript because it runs under plain `node --openssl-legacy-provider` (no TS loader):
// s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) only
// offers through the legacy provider; without it every truncated listing answers 500.
//
// Two fidelity fixes, both where s3rver departs from S3 in ways our code relies on:
// - `Range: bytes=0-0` (one byte): s3rver reads an end of 0 as "no end" (twice: in the controller
//   and in the store) and sends everything.
// - ListObjectsV2 order: s3rver walks its folders in directory order; S3 lists keys in UTF-8
//   byte order ('a-b' and 'a.b' before 'a/b'). Without a delimiter, listings are re-sorted here.
import fs from 'node:fs';
import S3rver from 's3rver';
// CommonJS modules: these are the very objects s3rver's router and server use, so patching them works.
import objectController from 's3rver/lib/controllers/object.js';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';

const directory = process.argv[2];
if (!directory) {
  process.stderr.write('usage: s3rverProcess.mjs <data-folder>\n');
  process.exit(2);
}

const getObject = objectController.getObject;
objectController.getObject = function getObjectWithZeroEnd(ctx) {
  const match = /^bytes=(\d+)-0$/.exec(ctx.headers.range || '');
  if (match) {
    const store = ctx.store;
    ctx.store = Object.create(store, {
      getObject: { value: (bucket, key, options) => store.getObject(bucket, key, { ...options, end: 0 }) },
    });
  }
  return getObject(ctx);
};

const getStoredObject = FilesystemStore.prototype.getObject;
FilesystemStore.prototype.getObject = async function getObjectWithZeroEnd(bucket, key, options) {
  const object = await getStoredObject.call(this, bucket, key, options);
  if (object && object.content && options && options.start === 0 && options.end === 0) {
    object.content.destroy();
    object.content = fs.createReadStream(this.getResourcePath(bucket, key, 'object'), { start: 0, end: 0 });
    object.range = { start: 0, end: 0 };
  }
  return object;
};

const listObjects = FilesystemStore.prototype.listObjects;
FilesystemStore.prototype.listObjects = async function listObjectsInByteOrder(bucket, options) {
  if (options.delimiter) return listObjects.call(this, bucket, options);
  const all = await listObjects.call(this, bucket, { ...options, startAfter: '', maxKeys: Infinity });
  const byteOrder = (a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));
  const after = Buffer.from(options.startAfter || '');
  const objects = all.objects.sort(byteOrder).filter((o) => Buffer.compare(Buffer.from(o.key), after) > 0);
  const maxKeys = options.maxKeys === undefined ? Infinity : options.maxKeys;
  return { objects: objects.slice(0, maxKeys), commonPrefixes: [], isTruncated: objects.length > maxKeys };
};

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (err) => {
    process.stderr.write(`s3rver failed to start: ${err.stack || err}\n`);
    process.exit(1);
  },
);

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
