// Transformation benchmark, each figure beside a baseline measured in the same run:
//   cold:   12-megapixel JPEGs to 800-pixel-wide WebP at concurrency 4, every request a cache miss
//           (distinct image × quality), through the image server; beside the same sharp pipeline
//           called directly (the limit) and beside ipx, the unjs image server on sharp (the peer).
//           The machine may be shared, so contenders take turns in rounds (median reported) and
//           CPU seconds per render are reported too, which other load on the machine disturbs less;
//   memory: the server's RSS sampled over all its cold renders (peak, and after each tenth);
//   warm:   requests/s for one variant already cached, beside a bare node:http server returning
//           the same bytes from memory.
// Usage: npm run bench -w server (runs after the upload and delivery figures), or alone:
//        npx tsx bench/transform.ts [--renders 1000 --round-renders 100 --rounds 3 --sources 10 --seconds 8]
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import sharp from 'sharp';
import { cannon, cpuSecondsOf, pool, rssOf, startProcess, uploadJpeg, waitForTagging } from './support';

export interface TransformBenchOptions {
  /** Cold renders through the server in all (the memory figure is taken over these). */
  readonly renders: number;
  /** Cold renders per contender per round. */
  readonly roundRenders: number;
  readonly rounds: number;
  /** Distinct 12-megapixel source JPEGs (at most 100 distinct variants each). */
  readonly sources: number;
  readonly seconds: number;
  readonly log: (line: string) => void;
}

const CONCURRENCY = 4;
const ADMIN = 'bench-admin-key-0123456789abcdef';
const MB = 1024 * 1024;

/** A 4000×3000 photo-like JPEG: gradients and shapes with mild grain, about as compressible as a photo. */
async function makeSource(seed: number): Promise<Buffer> {
  const { width, height } = { width: 4000, height: 3000 };
  const circles = Array.from(
    { length: 24 },
    (_, i) =>
      `<circle cx="${(i * 617 + seed * 131) % width}" cy="${(i * 379 + seed * 71) % height}" r="${120 + ((i * 53) % 400)}" fill="hsl(${(i * 29 + seed * 11) % 360},65%,55%)" fill-opacity="0.6"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${(seed * 47) % 360},70%,60%)"/>
      <stop offset="1" stop-color="hsl(${(seed * 47 + 140) % 360},60%,30%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${circles}</svg>`;
  const grain = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 12 },
    },
  })
    .raw()
    .toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

interface Sample {
  readonly renders: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summary(samples: readonly Sample[]) {
  const renders = samples.reduce((s, x) => s + x.renders, 0);
  return {
    rate: median(samples.map((s) => s.renders / s.seconds)),
    cpuMs: (1000 * samples.reduce((s, x) => s + x.cpuSeconds, 0)) / renders,
  };
}

/** Times `work` and the CPU seconds `pid` spent meanwhile. */
async function measured(pid: number, renders: number, work: () => Promise<number>): Promise<Sample> {
  const cpuBefore = cpuSecondsOf(pid)!;
  const seconds = await work();
  return { renders, seconds, cpuSeconds: cpuSecondsOf(pid)! - cpuBefore };
}

export async function runTransformBench(options: TransformBenchOptions): Promise<void> {
  const { log, renders, roundRenders, rounds, sources, seconds } = options;
  if (renders < rounds * roundRenders) throw new Error('--renders must cover the server rounds');
  if (Math.max(renders, rounds * roundRenders) > sources * 100)
    throw new Error('at most 100 renders per source');
  const work = await mkdtemp(path.join(tmpdir(), 'imageserver-bench-transform-'));
  const children: ChildProcess[] = [];
  try {
    const photos: Buffer[] = [];
    for (let i = 0; i < sources; i++) {
      photos.push(await makeSource(i));
      process.stderr.write(`\rgenerating 12 MP JPEGs ${i + 1}/${sources}`);
    }
    process.stderr.write('\n');
    const dir = path.join(work, 'photos');
    await mkdir(dir, { recursive: true });
    const name = (i: number) => `photo-${String(i).padStart(3, '0')}.jpg`;
    await Promise.all(photos.map((p, i) => writeFile(path.join(dir, name(i)), p)));
    const meanMb = photos.reduce((s, p) => s + p.length, 0) / photos.length / 1e6;
    log(
      `\ntransform: ${sources} JPEGs of 4000×3000 (${meanMb.toFixed(1)} MB each) → w_800 WebP, concurrency ${CONCURRENCY}`,
    );
    // Job i: source i mod n at quality 1 + i div n, so every job of a contender is a different variant.
    const jobs = (first: number, count: number) =>
      Array.from({ length: count }, (_, k) => ({
        source: (first + k) % sources,
        quality: 1 + (Math.floor((first + k) / sources) % 100),
      }));

    const ipx = await startProcess(['bench/ipxServer.ts', dir], { MALLOC_ARENA_MAX: '2' }, '/');
    children.push(ipx.child);
    // The image server as the container runs it (MALLOC_ARENA_MAX=2, 8 MB semi-spaces: see the
    // Dockerfile), unsigned options allowed, and
    // a variant cache small enough to fill early, so later RSS shows the allocator, not the cache.
    const server = await startProcess(['src/main.ts'], {
      HOST: '127.0.0.1',
      DATA_DIR: path.join(work, 'server'),
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'silent',
      TRANSFORM_REQUIRE_SIGNATURE: 'false',
      TRANSFORM_QUEUE_SIZE: '64',
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: '--max-semi-space-size=8',
      VARIANT_L1_MAX_BYTES: '16MiB',
    });
    children.push(server.child);
    const base = `http://127.0.0.1:${server.port}`;
    const ids: string[] = [];
    for (const photo of photos) ids.push(await uploadJpeg(base, ADMIN, photo));
    await waitForTagging(base, ids, ADMIN);

    const serverPid = server.child.pid!;
    const rssBefore = rssOf(serverPid)!;
    const rss: number[] = [];
    const sampler = setInterval(() => {
      const value = rssOf(serverPid);
      if (value !== undefined) rss.push(value);
    }, 100);
    const marks: number[] = [];
    let served = 0;
    const throughServer = (first: number, count: number) =>
      measured(serverPid, count, () =>
        pool(jobs(first, count), CONCURRENCY, async ({ source, quality }) => {
          const res = await fetch(`${base}/i/${ids[source]}/w_800,f_webp,q_${quality}`);
          if (res.status !== 200) throw new Error(`server answered ${res.status}: ${await res.text()}`);
          if (res.headers.get('x-variant-source') !== 'render') throw new Error('expected a cold render');
          await res.arrayBuffer();
          if (++served % Math.ceil(renders / 10) === 0) marks.push(rssOf(serverPid) ?? 0);
        }),
      );
    const throughIpx = (first: number, count: number) =>
      measured(ipx.child.pid!, count, () =>
        pool(jobs(first, count), CONCURRENCY, async ({ source, quality }) => {
          const res = await fetch(`http://127.0.0.1:${ipx.port}/w_800,f_webp,q_${quality}/${name(source)}`);
          if (res.status !== 200) throw new Error(`ipx answered ${res.status}`);
          await res.arrayBuffer();
        }),
      );
    const direct = async (first: number, count: number, mode: string): Promise<Sample> => {
      const args = [
        '--import',
        'tsx',
        'bench/directSharp.ts',
        dir,
        String(first),
        String(count),
        String(CONCURRENCY),
        mode,
      ];
      const { stdout } = await promisify(execFile)(process.execPath, args, {
        cwd: path.join(__dirname, '..'),
        env: { ...process.env, MALLOC_ARENA_MAX: '2' },
      });
      return { renders: count, ...(JSON.parse(stdout) as { seconds: number; cpuSeconds: number }) };
    };

    const samples: Record<'server' | 'direct' | 'perCore' | 'ipx', Sample[]> = {
      server: [],
      direct: [],
      perCore: [],
      ipx: [],
    };
    for (let round = 0; round < rounds; round++) {
      const first = round * roundRenders;
      const turns: [keyof typeof samples, () => Promise<Sample>][] = [
        ['server', () => throughServer(first, roundRenders)],
        ['direct', () => direct(first, roundRenders, 'server')],
        ['ipx', () => throughIpx(first, roundRenders)],
        ['perCore', () => direct(first, roundRenders, 'thread-per-core')],
      ];
      // Rotate the order so that no contender always runs first or last.
      for (let t = 0; t < turns.length; t++) {
        const [who, run] = turns[(t + round) % turns.length]!;
        samples[who].push(await run());
      }
      process.stderr.write(`\rround ${round + 1}/${rounds}`);
    }
    process.stderr.write('\n');
    // The rest of the server's cold renders, for the memory figure.
    const rest = renders - rounds * roundRenders;
    if (rest > 0) await throughServer(rounds * roundRenders, rest);
    clearInterval(sampler);

    const s = summary(samples.server);
    const d = summary(samples.direct);
    const perCore = summary(samples.perCore);
    const p = summary(samples.ipx);
    const row = (label: string, x: { rate: number; cpuMs: number }) =>
      log(`  ${label.padEnd(40)} ${x.rate.toFixed(2).padStart(9)} ${x.cpuMs.toFixed(1).padStart(11)}`);
    log(`cold renders, median of ${rounds} rounds of ${roundRenders}   renders/s   CPU ms/render`);
    row('image server GET /i/:id/w_800,f_webp,q_N', s);
    row('direct sharp (server settings)', d);
    row('direct sharp, 1 libvips thread per core', perCore);
    row('ipx (peer)', p);
    log(
      `  ratio server/direct: ${(s.rate / d.rate).toFixed(3)} throughput, ${(d.cpuMs / s.cpuMs).toFixed(3)} CPU efficiency`,
    );
    log(
      `  ratio server/ipx:    ${(s.rate / p.rate).toFixed(3)} throughput, ${(p.cpuMs / s.cpuMs).toFixed(3)} CPU efficiency`,
    );

    const metrics = await (await fetch(`${base}/metrics`)).text();
    const l1 = Number(/imageserver_variant_cache_size_bytes\{layer="l1"\} (\d+)/.exec(metrics)?.[1] ?? NaN);
    const gauge = (name: string) =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
    const heap = gauge('imageserver_nodejs_heap_size_used_bytes');
    const external = gauge('imageserver_nodejs_external_memory_bytes');
    log(
      `server RSS over ${renders} cold renders: before ${(rssBefore / MB).toFixed(0)} MiB, peak ${(Math.max(...rss) / MB).toFixed(0)} MiB`,
    );
    log(`  after each tenth (MiB): ${marks.map((m) => (m / MB).toFixed(0)).join(' ')}`);
    // Least-squares slope of RSS after the first tenth (warm-up): about 0 when memory is flat.
    const later = marks.slice(1).map((m, i) => ({ x: ((i + 2) * renders) / 10, y: m / MB }));
    const mean = (f: (p: { x: number; y: number }) => number) =>
      later.reduce((sum, p) => sum + f(p), 0) / later.length;
    const [mx, my] = [mean((p) => p.x), mean((p) => p.y)];
    const slope = mean((p) => (p.x - mx) * (p.y - my)) / mean((p) => (p.x - mx) ** 2);
    log(`  trend after the first tenth: ${(slope * 1000).toFixed(1)} MiB per 1000 renders`);
    log(
      `  first tenth to last: ${((marks.at(-1)! - marks[0]!) / MB).toFixed(0)} MiB, of which the variant cache (bound 16 MiB) holds ${(l1 / MB).toFixed(0)} MiB at the end`,
    );
    log(
      `  at the end: JS heap ${(heap / MB).toFixed(0)} MiB, Buffers and other external memory ${(external / MB).toFixed(0)} MiB (variant cache and originals cache included)`,
    );

    // Warm: one variant, now in the server's memory, vs the same bytes from a bare node:http server.
    const variantUrl = `${base}/i/${ids[0]}/w_800,f_webp,q_80`;
    const variant = Buffer.from(await (await fetch(variantUrl)).arrayBuffer());
    const variantFile = path.join(work, 'variant.webp');
    await writeFile(variantFile, variant);
    const bare = await startProcess(['bench/bareServer.ts', variantFile], {}, '/');
    children.push(bare.child);
    const warm = await cannon(variantUrl, seconds);
    const baseline = await cannon(`http://127.0.0.1:${bare.port}/`, seconds);
    log(
      `warm variant (${seconds}s, 32 connections, ${(variant.length / 1024).toFixed(0)} KiB)   req/s   p50 ms   p99 ms`,
    );
    log(
      `  image server                 ${warm.rps.toFixed(0).padStart(8)} ${String(warm.p50).padStart(8)} ${String(warm.p99).padStart(8)}`,
    );
    log(
      `  bare node:http               ${baseline.rps.toFixed(0).padStart(8)} ${String(baseline.p50).padStart(8)} ${String(baseline.p99).padStart(8)}`,
    );
    log(`  ratio server/bare            ${(warm.rps / baseline.rps).toFixed(3).padStart(8)}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      renders: { type: 'string', default: '1000' },
      'round-renders': { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      sources: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '8' },
    },
  });
  void runTransformBench({
    renders: Number(values.renders),
    roundRenders: Number(values['round-renders']),
    rounds: Number(values.rounds),
    sources: Number(values.sources),
    seconds: Number(values.seconds),
    log: (line) => process.stdout.write(`${line}\n`),
  }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
