/**
 * Tagging benchmark: per-tagger p50/p95 latency and throughput on 1-megapixel photos, with one
 * worker process and with two, and each worker's peak RSS. Baseline, measured in the same run: a
 * plain sharp decode of the same photo to raw pixels, the least any tagger must do.
 *
 *   npm run bench:tagging -w server    (N=48 photos; PASSES=3 passes for the memory check; then the
 *                                       search benchmark on SEARCH_IMAGES=100000, 0 skips it)
 *
 * Each worker is a child process (as `npm run worker` processes would be) running the taggers on
 * its share of the images, so two workers measure what a second process buys on this machine.
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { newImage } from '../src/db/__fixtures__/newImage';
import type { ImageRecord } from '../src/db';
import { createTaggers } from '../src/tagging/createTaggers';
import { humanModelsDir } from '../src/tagging/taggers';
import type { TaggerName } from '../src/tagging/types';
import { benchSearch } from './taggingSearch';

const TAGGERS: TaggerName[] = ['basic', 'exif', 'colour', 'hashes', 'labels', 'moderation'];
const N = Number(process.env.N ?? 48);
/** Passes over the images for the memory check (the first one is also the timed one). */
const PASSES = Number(process.env.PASSES ?? 3);
const SOURCES = [
  'samples.jpg',
  'screenshot-facedetect.jpg',
  'screenshot-faceid.jpg',
  'screenshot-facematch.jpg',
  'screenshot-vrm.jpg',
];

interface WorkerReport {
  latencies: Record<string, number[]>;
  wallMs: Record<string, number>;
  maxRssMb: number;
  /** Resident memory after the first pass over the images and after the last (flat means no leak). */
  rssMb: { afterFirstPass: number; end: number };
  modelLoadMs: Record<string, number>;
}

/** The i-th 1-megapixel photo: a source photo, flipped and cropped differently each time, as a JPEG. */
async function photo(i: number): Promise<Buffer> {
  const dir = path.join(humanModelsDir(), '..', 'assets');
  const source = sharp(await readFile(path.join(dir, SOURCES[i % SOURCES.length]!)));
  const { width = 0, height = 0 } = await source.metadata();
  const crop = 0.8 + ((i * 7) % 20) / 100;
  const w = Math.floor(width * crop);
  const h = Math.floor(height * crop);
  return sharp(await readFile(path.join(dir, SOURCES[i % SOURCES.length]!)))
    .extract({ left: (i * 13) % (width - w + 1), top: (i * 5) % (height - h + 1), width: w, height: h })
    .flop(i % 2 === 1)
    .resize(1155, 866, { fit: 'cover' })
    .jpeg({ quality: 85 })
    .toBuffer();
}

function record(bytes: Buffer): ImageRecord {
  const { tags: _t, ...base } = newImage({ width: 1155, height: 866, bytes: bytes.length });
  return { ...base, createdAt: new Date(), updatedAt: new Date(), tags: [] };
}

async function child(rank: number, workers: number): Promise<WorkerReport> {
  const logger = pino({ level: 'silent' });
  const taggers = createTaggers(
    { taggers: TAGGERS, moderationPolicy: 'tag', moderationThreshold: 0.7 },
    logger,
  );
  const mine: Buffer[] = [];
  for (let i = rank; i < N; i += workers) mine.push(await photo(i));
  const report: WorkerReport = {
    latencies: {},
    wallMs: {},
    maxRssMb: 0,
    rssMb: { afterFirstPass: 0, end: 0 },
    modelLoadMs: {},
  };
  // Models load before timing (once per process, as in a worker); the load time is reported apart.
  for (const tagger of taggers.filter((t) => t.name === 'labels' || t.name === 'moderation')) {
    const started = performance.now();
    await tagger.tag({ image: record(mine[0]!), bytes: mine[0]! });
    report.modelLoadMs[tagger.name] = Math.round(performance.now() - started);
  }
  const stages: [string, (bytes: Buffer) => Promise<unknown>][] = [
    ['decode (baseline)', (bytes) => sharp(bytes).raw().toBuffer()],
    ...taggers.map((t): [string, (bytes: Buffer) => Promise<unknown>] => [
      t.name,
      (bytes) => t.tag({ image: record(bytes), bytes }),
    ]),
  ];
  for (const [name, run] of stages) {
    const times: number[] = [];
    const started = performance.now();
    for (const bytes of mine) {
      const t0 = performance.now();
      await run(bytes);
      times.push(performance.now() - t0);
    }
    report.wallMs[name] = performance.now() - started;
    report.latencies[name] = times;
  }
  report.rssMb.afterFirstPass = Math.round(process.memoryUsage().rss / 2 ** 20);
  // More passes of every tagger over the same images: memory must not grow with images processed.
  for (let pass = 0; pass < PASSES - 1; pass++) {
    for (const tagger of taggers) for (const bytes of mine) await tagger.tag({ image: record(bytes), bytes });
  }
  report.rssMb.end = Math.round(process.memoryUsage().rss / 2 ** 20);
  report.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return report;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function runWorkers(workers: number): Promise<WorkerReport[]> {
  return Promise.all(
    Array.from(
      { length: workers },
      (_, rank) =>
        new Promise<WorkerReport>((resolve, reject) => {
          const proc = fork(__filename, ['--child', String(rank), String(workers)], {
            execArgv: ['--import', 'tsx'],
          });
          proc.once('message', (m) => resolve(m as WorkerReport));
          proc.once('exit', (code) => code !== 0 && reject(new Error(`worker ${rank} exited with ${code}`)));
        }),
    ),
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const report = await child(Number(process.argv[3]), Number(process.argv[4]));
    process.send!(report, () => process.exit(0));
    return;
  }
  console.log(`tagging benchmark: ${N} photos of 1155x866 (1.0 MP), JPEG q85, node ${process.version}`);
  const runs = new Map<number, WorkerReport[]>();
  for (const workers of [1, 2]) runs.set(workers, await runWorkers(workers));
  const one = runs.get(1)!;
  const two = runs.get(2)!;
  const stages = Object.keys(one[0]!.latencies);
  const baselineP50 = quantile(one[0]!.latencies['decode (baseline)']!, 0.5);
  const rows = stages.map((stage) => {
    const lat = one[0]!.latencies[stage]!;
    const p50 = quantile(lat, 0.5);
    const throughput1 = N / (one[0]!.wallMs[stage]! / 1000);
    // Two workers run side by side: throughput is images over the slower worker's time.
    const throughput2 = N / (Math.max(...two.map((r) => r.wallMs[stage]!)) / 1000);
    const lat2 = two.flatMap((r) => r.latencies[stage]!);
    return {
      stage,
      'p50 ms (1w)': p50.toFixed(1),
      'p95 ms (1w)': quantile(lat, 0.95).toFixed(1),
      'p50 ms (2w)': quantile(lat2, 0.5).toFixed(1),
      'p95 ms (2w)': quantile(lat2, 0.95).toFixed(1),
      'img/s 1 worker': throughput1.toFixed(1),
      'img/s 2 workers': throughput2.toFixed(1),
      'x decode p50': (p50 / baselineP50).toFixed(2),
    };
  });
  console.table(rows);
  const all = (reports: WorkerReport[]) =>
    N / (Math.max(...reports.map((r) => TAGGERS.reduce((sum, t) => sum + r.wallMs[t]!, 0))) / 1000);
  console.log(
    `all six taggers per image: ${all(one).toFixed(2)} img/s with 1 worker, ${all(two).toFixed(2)} img/s with 2 (x${(all(two) / all(one)).toFixed(2)})`,
  );
  console.log(`model load (first use, incl. wasm start): ${JSON.stringify(one[0]!.modelLoadMs)}`);
  console.log(
    `peak RSS per worker: 1 worker ${one[0]!.maxRssMb} MB; 2 workers ${two.map((r) => r.maxRssMb).join(' MB, ')} MB`,
  );
  console.log(
    `RSS of the single worker after pass 1 and after pass ${PASSES} (${N * PASSES} images per tagger): ${one[0]!.rssMb.afterFirstPass} MB -> ${one[0]!.rssMb.end} MB`,
  );
  const searchImages = Number(process.env.SEARCH_IMAGES ?? 100_000);
  if (searchImages > 0) await benchSearch(searchImages);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
