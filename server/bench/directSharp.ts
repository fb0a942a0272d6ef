// The limit for the transformation benchmark: the server's sharp pipeline for this operation
// (orient, resize to 800 wide, 8-bit sRGB, WebP at effort 4), called directly on in-memory JPEGs
// in a process of its own, at the same concurrency, with the server's sharp settings (see
// src/variants/configureSharp.ts: no operation cache, which would otherwise answer repeated decodes
// of the same buffer from memory as no cold request can be; one libvips thread per render).
// `thread-per-core` mode gives each render one libvips thread per core instead (sharp's default),
// the alternative the server's setting is measured against.
// Prints the elapsed seconds and CPU seconds as JSON.
// Usage: directSharp.ts <dir> <first job> <renders> <concurrency> <server|thread-per-core>
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { configureSharp } from '../src/variants';
import { pool } from './support';

const [dir, first, renders, concurrency, mode] = [
  process.argv[2]!,
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5]),
  process.argv[6],
];
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.jpg'))
  .sort()
  .map((f) => readFileSync(path.join(dir, f)));
configureSharp(mode === 'thread-per-core' ? { threadsPerRender: availableParallelism() } : {});
// Job i: source i mod n at quality 1 + i div n, as in bench/transform.ts.
const jobs = Array.from({ length: renders }, (_, k) => {
  const i = first + k;
  return { input: inputs[i % inputs.length]!, quality: 1 + (Math.floor(i / inputs.length) % 100) };
});

const cpuBefore = process.cpuUsage();
void pool(jobs, concurrency, async ({ input, quality }) => {
  await sharp(input, { pages: 1 })
    .autoOrient()
    .resize({ width: 800 })
    .toColourspace('srgb')
    .webp({ quality, effort: 4 })
    .toBuffer();
}).then((seconds) => {
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
});
