import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyEditsToBuffer,
  bufferSource,
  editedSize,
  withFileSource,
  writeEditedFile,
  type Edit,
} from './bytes';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-bytes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const input = Buffer.from('0123456789abcdefghij');
const edits: Edit[] = [
  { start: 15, end: 20 }, // remove the tail, given out of order on purpose
  { start: 0, end: 2, data: Buffer.from('XY') },
  { start: 5, end: 7, data: Buffer.from('long insert') },
];
const expected = 'XY234long insert789abcde';

describe('bytes', () => {
  it('applies edits in memory and computes the edited size', () => {
    expect(applyEditsToBuffer(input, edits).toString()).toBe(expected);
    expect(editedSize(input.length, edits)).toBe(expected.length);
  });

  it('streams the same result to a file', async () => {
    const inPath = join(dir, 'in');
    const outPath = join(dir, 'out');
    await writeFile(inPath, input);
    await writeEditedFile(inPath, outPath, edits);
    expect((await readFile(outPath)).toString()).toBe(expected);
  });

  it('streams large untouched ranges intact', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    big.write('HEAD', 0);
    const inPath = join(dir, 'big');
    const outPath = join(dir, 'big-out');
    await writeFile(inPath, big);
    await writeEditedFile(inPath, outPath, [{ start: 0, end: 4, data: Buffer.from('head') }]);
    const out = await readFile(outPath);
    expect(out.length).toBe(big.length);
    expect(out.subarray(0, 4).toString()).toBe('head');
    expect(out.subarray(4).equals(big.subarray(4))).toBe(true);
  });

  it('refuses overlapping edits without leaving an output file', async () => {
    const inPath = join(dir, 'in2');
    const outPath = join(dir, 'out2');
    await writeFile(inPath, input);
    await expect(
      writeEditedFile(inPath, outPath, [
        { start: 0, end: 5 },
        { start: 4, end: 6 },
      ]),
    ).rejects.toThrow(/overlapping/);
    expect(existsSync(outPath)).toBe(false);
  });

  it('refuses to write over its own input', async () => {
    const inPath = join(dir, 'same');
    await writeFile(inPath, input);
    await expect(writeEditedFile(inPath, `${dir}/./same`, edits)).rejects.toThrow(/differ/);
    expect(await readFile(inPath)).toEqual(input);
  });

  it('reads ranges from files and buffers, short only at the end', async () => {
    const inPath = join(dir, 'in3');
    await writeFile(inPath, input);
    const fromFile = await withFileSource(inPath, async (s) => [s.size, (await s.read(18, 10)).toString()]);
    expect(fromFile).toEqual([20, 'ij']);
    expect((await bufferSource(input).read(18, 10)).toString()).toBe('ij');
  });
});
