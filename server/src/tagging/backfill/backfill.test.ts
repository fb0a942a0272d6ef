import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../../test-support/http/startTestServer';
import { loadConfig } from '../../config';
import { openDatabase, type Database } from '../../db';
import { createBlobStore } from '../../storage';
import { createPostgresTestDatabase, type TestDatabase } from '../../db/__fixtures__/postgresTestDatabase';
import { createColourTagger } from '../taggers';
import { TaggingRunner } from '../TaggingRunner';
import { parseRetagArgs, RETAG_USAGE } from './parseRetagArgs';
import { runBackfill } from './runBackfill';

const SERVER_DIR = path.resolve(__dirname, '../../..');
const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
const logger = pino({ level: 'silent' });

describe('parseRetagArgs', () => {
  it('reads taggers, the selection and options', () => {
    expect(parseRetagArgs(['--tagger', 'labels,colour', '--all', '--concurrency', '2'])).toEqual({
      taggers: ['labels', 'colour'],
      all: true,
      ids: [],
      force: false,
      concurrency: 2,
      batchSize: 100,
      progress: true,
    });
    expect(
      parseRetagArgs(['--tagger', 'exif', '--id', 'a', '--id', 'b', '--force', '--no-progress']),
    ).toMatchObject({
      ids: ['a', 'b'],
      force: true,
      progress: false,
    });
  });

  it('refuses bad arguments with a message and the usage line', () => {
    const message = (argv: string[]) => {
      try {
        parseRetagArgs(argv);
      } catch (err) {
        expect(err).toMatchObject({ code: 'INVALID_ARGUMENTS' });
        return (err as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(message(['--all'])).toBe(`Name at least one tagger with --tagger\n${RETAG_USAGE}`);
    expect(message(['--tagger', 'spoons', '--all'])).toMatch(
      /^Unknown tagger "spoons"; expected one of basic, exif/,
    );
    expect(message(['--tagger', 'labels'])).toMatch(/^Give either --all or one or more --id/);
    expect(message(['--tagger', 'labels', '--all', '--id', 'x'])).toMatch(/^Give either --all/);
    expect(message(['--tagger', 'labels', '--all', '--concurrency', '0'])).toMatch(
      /^Expected an integer from 1 to 64 for --concurrency but received 0/,
    );
    expect(message(['--tagger'])).toMatch(/^--tagger needs a value/);
    expect(message(['--tagger', 'labels', '--all', '--bogus'])).toMatch(/^Unknown argument "--bogus"/);
  });
});

describe('backfill', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let ids: string[];
  let db: Database;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'imageserver-retag-'));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      TAGGING_MODE: 'off',
      TAGGERS: 'colour',
      LOG_LEVEL: 'silent',
    };
    const server: TestServer = await startTestServer({ env });
    ids = [];
    for (const background of ['#e02020', '#20c040', '#2040e0', '#f0d020', '#8030c0']) {
      const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background } })
        .png()
        .toBuffer();
      const res = await server.request.post('/v1/images').set(auth).attach('file', bytes, 'x.png');
      ids.push(res.body.id as string);
    }
    await server.close();
    db = await openDatabase(database.url);
  });

  afterAll(async () => {
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('re-runs a tagger whose version changed, resumes after an interruption, and has nothing left to do after', async () => {
    const store = createBlobStore(loadConfig(env));
    const v1 = new TaggingRunner({ db, store, logger, taggers: [createColourTagger()] });
    for (const id of ids) await v1.run({ imageId: id, taggers: ['colour'] });
    const v2 = new TaggingRunner({ db, store, logger, taggers: [{ ...createColourTagger(), version: 2 }] });
    const args = parseRetagArgs(['--tagger', 'colour', '--all', '--batch-size', '2']);

    // Interrupted after two images (as by Ctrl-C): the next run picks up the rest.
    let seen = 0;
    const interrupt = {
      start: () => undefined,
      stop: () => undefined,
      increment: () => {
        if (++seen === 2) throw new Error('interrupted');
      },
    };
    await expect(runBackfill(args, { db, runner: v2, progress: interrupt })).rejects.toThrow('interrupted');
    expect(await db.tagging.countOutdated({ name: 'colour', version: 2 })).toBe(3);

    const totals: number[] = [];
    const result = await runBackfill(args, {
      db,
      runner: v2,
      progress: { start: (t) => totals.push(t), increment: () => undefined, stop: () => undefined },
    });
    expect(totals).toEqual([3]);
    expect(result).toEqual({ processed: 3, failed: 0 });
    const states = await db.tagging.states(ids);
    expect(ids.map((id) => states.get(id)![0]).map((s) => [s!.version, s!.status])).toEqual(
      ids.map(() => [2, 'done']),
    );
    expect(await runBackfill(args, { db, runner: v2 })).toEqual({ processed: 0, failed: 0 });
    await expect(
      runBackfill(parseRetagArgs(['--tagger', 'labels', '--all']), { db, runner: v2 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS', message: 'Tagger labels is not enabled (TAGGERS)' });
  });

  it('runs as a command (npm run retag) with a progress bar, and exits 64 with the usage on bad input', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/retag.ts', ...args], {
          cwd: SERVER_DIR,
          env: { ...process.env, ...env },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const forced = await run(['--tagger', 'colour', '--all', '--force']);
    expect(forced.stderr + forced.stdout).toContain('retag: 5 processed, 0 failed');
    expect(forced.code).toBe(0);
    const again = await run(['--tagger', 'colour', '--all', '--no-progress']);
    expect(again.stdout).toBe('retag: 0 processed, 0 failed\n');

    const bad = await run(['--tagger', 'colour']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe(`Give either --all or one or more --id\n${RETAG_USAGE}\n`);
    const missing = await run(['--tagger', 'colour', '--id', 'nope']);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toBe('No image has id nope\n');
  });
});
