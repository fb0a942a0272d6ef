// Measures the media checks, each beside a baseline measured in the same run:
//   decode check: the 8×8 shrink-on-load decode inspectImage uses, vs `.stats()` and a full raw decode
//                 (all three refuse the same truncated files; see src/media/inspectImage.test.ts);
//   inspectImage: the whole validation, vs a bare full raw decode of the same file;
//   stripMetadata: the lossless in-place edit, vs re-encoding with sharp at quality 90 (what a
//                 re-encoding strip would cost, besides losing quality).
// Usage (from the repo root): npx tsx server/test-support/images/benchMedia.ts [--runs 5]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { inspectImage, stripMetadata } from '../../src/media';
import { makeAnimatedGif, makeJpeg, makePng, makeWebp, SAMPLE_EXIF, xmpPacket } from './makeImages';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);
const LIMITS = { maxPixels: 100_000_000, maxFrames: 1000 };

// Repeated operations on the same file would otherwise be answered from libvips' cache.
sharp.cache(false);

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await fn();
  return (performance.now() - start) / RUNS;
}

function row(label: string, baselineName: string, baseline: number, others: Record<string, number>): void {
  const cells = Object.entries(others).map(
    ([name, ms]) => `${name} ${ms.toFixed(1)} ms (×${(ms / baseline).toFixed(2)})`,
  );
  process.stdout.write(
    `${label.padEnd(26)} ${baselineName} ${baseline.toFixed(1)} ms | ${cells.join(' | ')}\n`,
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-media-'));
  try {
    const files: Array<[string, Buffer, boolean]> = [
      [
        'JPEG 4000×3000',
        await makeJpeg({ width: 4000, height: 3000, exif: SAMPLE_EXIF, xmp: xmpPacket(SAMPLE_EXIF.gps) }),
        false,
      ],
      ['PNG 2000×1500', await makePng({ width: 2000, height: 1500, exif: SAMPLE_EXIF }), false],
      ['WebP 2000×1500', await makeWebp({ width: 2000, height: 1500, exif: SAMPLE_EXIF }), false],
      ['GIF 200 frames 320×240', await makeAnimatedGif(200, { width: 320, height: 240 }), true],
    ];
    process.stdout.write(`runs per figure: ${RUNS}\n\n== decode check (baseline: .stats())\n`);
    const paths: string[] = [];
    for (const [label, buf, animated] of files) {
      const path = join(dir, label.replace(/\W+/g, '-'));
      paths.push(path);
      await writeFile(path, buf);
      const open = () => sharp(path, { animated, failOn: 'warning' });
      row(label, 'stats', await time(() => open().stats()), {
        'resize 8×8 (used)': await time(() => open().resize(8, 8, { fit: 'fill' }).raw().toBuffer()),
        'full raw': await time(() => open().raw().toBuffer()),
        'metadata only': await time(() => open().metadata()),
      });
    }

    process.stdout.write('\n== inspectImage (baseline: full raw decode alone)\n');
    for (const [i, [label, , animated]] of files.entries()) {
      const path = paths[i]!;
      row(label, 'full raw', await time(() => sharp(path, { animated }).raw().toBuffer()), {
        inspectImage: await time(() => inspectImage(path, LIMITS)),
      });
    }

    process.stdout.write('\n== stripMetadata location (baseline: sharp re-encode, quality 90, ICC kept)\n');
    for (const [i, [label]] of files.slice(0, 3).entries()) {
      const path = paths[i]!;
      const info = await inspectImage(path, LIMITS);
      const format = info.format as 'jpeg' | 'png' | 'webp';
      const reencode = () =>
        sharp(path).keepIccProfile().toFormat(format, { quality: 90 }).toFile(`${path}.reenc`);
      const edit = () => stripMetadata(path, info, 'location', `${path}.strip`);
      row(label, 're-encode', await time(reencode), { 'in-place edit': await time(edit) });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
