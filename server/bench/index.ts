// Benchmarks of the image server, each beside a baseline measured in the same run:
//   upload:   ~1 MB JPEGs through POST /v1/images at concurrency 8, vs putFile of the same bytes
//             straight into the same kind of store (the limit for ingest);
//   delivery: GET /i/:id with autocannon, vs a bare node:http server returning the bytes from
//             memory (the runtime's limit for serving);
//   transform: see bench/transform.ts (cold renders vs direct sharp and ipx, RSS, warm variant).
// Usage: npm run bench -w server [-- --images 48 --seconds 8]
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { FsBlobStore } from '../src/storage';
import { pool, startProcess as start, uploadJpeg } from './support';
import { runTransformBench } from './transform';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '48' },
    seconds: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '8' },
    // Transformations (bench/transform.ts).
    renders: { type: 'string', default: '1000' },
    'round-renders': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    sources: { type: 'string', default: '10' },
  },
});
const IMAGES = Number(args.images);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const ADMIN = 'bench-admin-key-0123456789abcdef';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Distinct noisy JPEGs of about 1 MB each. */
async function makePhotos(count: number): Promise<Buffer[]> {
  const photos: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const noise = Buffer.alloc(1280 * 960 * 3);
    for (let j = 0; j < noise.length; j++) noise[j] = (Math.random() * 256) | 0;
    photos.push(
      await sharp(noise, { raw: { width: 1280, height: 960, channels: 3 } })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    if ((i + 1) % 8 === 0) process.stderr.write(`\rgenerating photos ${i + 1}/${count}`);
  }
  process.stderr.write('\n');
  return photos;
}

async function cannon(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: 32, duration: SECONDS, headers });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'imageserver-bench-'));
  const children: ChildProcess[] = [];
  try {
    const photos = await makePhotos(IMAGES);
    const megabytes = photos.reduce((s, p) => s + p.length, 0) / 1e6;
    log(
      `${IMAGES} JPEGs, ${(megabytes / IMAGES).toFixed(2)} MB each on average, concurrency ${CONCURRENCY}\n`,
    );

    // Ingest baseline: the same bytes written straight into a filesystem store.
    const direct = new FsBlobStore(path.join(work, 'direct'));
    const files = await Promise.all(
      photos.map(async (p, i) => {
        const file = path.join(work, `photo-${i}.jpg`);
        await writeFile(file, p);
        return file;
      }),
    );
    let n = 0;
    const directSeconds = await pool(files, CONCURRENCY, (f) =>
      direct.putFile(`bench/${n++}`, f, { contentType: 'image/jpeg' }),
    );

    const server = await start(['src/main.ts'], {
      HOST: '127.0.0.1',
      DATA_DIR: path.join(work, 'server'),
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'silent',
    });
    children.push(server.child);
    const base = `http://127.0.0.1:${server.port}`;
    const ids: string[] = [];
    const uploadSeconds = await pool(photos, CONCURRENCY, async (photo) => {
      ids.push(await uploadJpeg(base, ADMIN, photo));
    });

    log('upload                     images/s      MB/s');
    log(
      `  image server            ${(IMAGES / uploadSeconds).toFixed(1).padStart(8)}  ${(megabytes / uploadSeconds).toFixed(1).padStart(8)}`,
    );
    log(
      `  direct store write      ${(IMAGES / directSeconds).toFixed(1).padStart(8)}  ${(megabytes / directSeconds).toFixed(1).padStart(8)}`,
    );
    log(`  ratio server/direct     ${(directSeconds / uploadSeconds).toFixed(3).padStart(8)}\n`);

    const bare = await start(['bench/bareServer.ts', files[0]!], {});
    children.push(bare.child);
    const served = await cannon(`${base}/i/${ids[0]}`);
    const baseline = await cannon(`http://127.0.0.1:${bare.port}/`);
    log(`delivery (${SECONDS}s, 32 connections)   req/s   p50 ms   p99 ms`);
    log(
      `  image server GET /i/:id   ${served.rps.toFixed(0).padStart(8)} ${String(served.p50).padStart(8)} ${String(served.p99).padStart(8)}`,
    );
    log(
      `  bare node:http            ${baseline.rps.toFixed(0).padStart(8)} ${String(baseline.p50).padStart(8)} ${String(baseline.p99).padStart(8)}`,
    );
    log(`  ratio server/bare         ${(served.rps / baseline.rps).toFixed(3).padStart(8)}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
  await runTransformBench({
    renders: Number(args.renders),
    roundRenders: Number(args['round-renders']),
    rounds: Number(args.rounds),
    sources: Number(args.sources),
    seconds: SECONDS,
    log,
  });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
