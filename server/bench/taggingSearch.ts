/**
 * Tag search on PostgreSQL with many images (default 100,000): median time of each search through
 * the repositories, against the unfiltered first page measured in the same run (the baseline).
 * Data is generated in SQL: ~6 automatic tags per image from COCO labels and colour names with a
 * skewed distribution, searchable text and a random perceptual hash. `GET /v1/tags` reads the
 * tag_counts table (no cache); a second table sets it beside the aggregate over image_tags it
 * replaced, on the same data in the same run, and checks that both give the same answer.
 *
 *   SEARCH_IMAGES=100000 npx tsx server/bench/taggingSearch.ts   (also run by npm run bench:tagging)
 */
import type { Sequelize } from 'sequelize';
import { openDatabase, type Database, type ListImagesQuery } from '../src/db';
import { aggregateTagCounts } from '../src/db/__fixtures__/aggregateTagCounts';
import { createPostgresTestDatabase } from '../src/db/__fixtures__/postgresTestDatabase';
import { backfillTagCounts } from '../src/db/migrations/0003-tag-counts';
import { COCO_LABELS } from '../src/tagging/taggers';

const COLOURS = [
  'red',
  'orange',
  'yellow',
  'green',
  'cyan',
  'blue',
  'purple',
  'pink',
  'brown',
  'black',
  'white',
  'gray',
];
const RUNS = 15;

async function seed(sequelize: Sequelize, n: number): Promise<void> {
  const labels = `ARRAY[${COCO_LABELS.map((l) => `'${l}'`).join(',')}]`;
  const colours = `ARRAY[${COLOURS.map((c) => `'${c}'`).join(',')}]`;
  await sequelize.query(`
    INSERT INTO images (id, sha256, content_type, format, width, height, orientation, has_alpha, animated, frames,
                        bytes, visibility, exif, storage_key, delivery_key, delivery_bytes, created_at, updated_at)
    SELECT 'img' || lpad(i::text, 8, '0'), encode(sha256(i::text::bytea), 'hex'), 'image/jpeg', 'jpeg', 1200, 800, 1,
           false, false, 1, 200000, CASE WHEN i % 10 = 0 THEN 'private' ELSE 'public' END, NULL,
           'originals/' || i, 'originals/' || i, 200000, now() - i * interval '1 second', now()
      FROM generate_series(1, ${n}) AS i`);
  // Labels: a skewed pick (power of a uniform) so person/bicycle/car are common and the tail is rare.
  await sequelize.query(`
    INSERT INTO image_tags (image_id, name, source, confidence)
    SELECT DISTINCT ON (img, name) img, name, 'labels', round((0.3 + random() * 0.7)::numeric, 3)
      FROM (SELECT 'img' || lpad(i::text, 8, '0') AS img,
                   (${labels})[1 + floor(power(random(), 3) * 80)::int] AS name
              FROM generate_series(1, ${n}) AS i, generate_series(1, 3) AS k) t`);
  await sequelize.query(`
    INSERT INTO image_tags (image_id, name, source, confidence)
    SELECT DISTINCT ON (img, name) img, name, 'colour', round(random()::numeric, 3)
      FROM (SELECT 'img' || lpad(i::text, 8, '0') AS img, (${colours})[1 + floor(random() * 12)::int] AS name
              FROM generate_series(1, ${n}) AS i, generate_series(1, 2) AS k) t`);
  await sequelize.query(`
    INSERT INTO image_tags (image_id, name, source, confidence)
    SELECT 'img' || lpad(i::text, 8, '0'), (ARRAY['landscape','portrait','square'])[1 + i % 3], 'basic', 1
      FROM generate_series(1, ${n}) AS i`);
  await sequelize.query(`
    INSERT INTO image_analysis (image_id, phash, search_text)
    SELECT t.image_id, lpad(to_hex(floor(random() * 4294967296)::bigint), 8, '0') || lpad(to_hex(floor(random() * 4294967296)::bigint), 8, '0'),
           string_agg(t.name, ' ' ORDER BY t.name)
      FROM image_tags t WHERE t.source IN ('labels', 'colour') GROUP BY t.image_id`);
  await sequelize.query(`
    UPDATE image_analysis SET ${[0, 1, 2, 3, 4, 5, 6, 7]
      .map((b) => `phash_${b} = ('x' || substr(phash, ${b * 2 + 1}, 2))::bit(8)::int`)
      .join(', ')}`);
  // Rows written here bypass the repositories, so tag_counts is filled the way the migration does.
  await backfillTagCounts(sequelize);
  await sequelize.query('ANALYZE');
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** `GET /v1/tags` from tag_counts against the aggregate over image_tags it replaced, same data and run. */
async function compareTagCounts(db: Database, raw: Sequelize): Promise<void> {
  const queries: [string, Parameters<Database['tagging']['tagCounts']>[0]][] = [
    ['top 100, all', { limit: 100 }],
    ['top 100, public only', { limit: 100, visibility: 'public' }],
    ['top 20, source=labels', { limit: 20, source: 'labels' }],
    ['prefix=b, public only', { limit: 100, prefix: 'b', visibility: 'public' }],
  ];
  const table = [];
  for (const [name, query] of queries) {
    const [counted, aggregated] = [await db.tagging.tagCounts(query), await aggregateTagCounts(raw, query)];
    if (JSON.stringify(counted) !== JSON.stringify(aggregated)) {
      throw new Error(`GET /v1/tags (${name}): tag_counts and the aggregate over image_tags disagree`);
    }
    const ms = await median(() => db.tagging.tagCounts(query));
    const before = await median(() => aggregateTagCounts(raw, query));
    table.push({
      'GET /v1/tags': name,
      'tag_counts ms': ms.toFixed(2),
      'aggregate ms (before)': before.toFixed(2),
      'x faster': (before / ms).toFixed(0),
    });
  }
  console.log('GET /v1/tags: tag_counts (no cache) against aggregating image_tags, same answers');
  console.table(table);
}

export async function benchSearch(n: number): Promise<void> {
  const test = await createPostgresTestDatabase();
  const db = await openDatabase(test.url);
  try {
    await db.migrate();
    const { Sequelize } = await import('sequelize');
    const raw = new Sequelize(test.url, { logging: false });
    const t0 = performance.now();
    await seed(raw, n);
    const [[counts]] = (await raw.query(
      'SELECT (SELECT COUNT(*) FROM images) AS images, (SELECT COUNT(*) FROM image_tags) AS tags',
    )) as [{ images: string; tags: string }[], unknown];
    console.log(
      `\nsearch on PostgreSQL: ${counts!.images} images, ${counts!.tags} tags (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s); median of ${RUNS} runs`,
    );
    const list = (q: Omit<ListImagesQuery, 'limit'>) => () => db.images.list({ limit: 20, ...q });
    const baseline = await median(list({}));
    const rows: [string, () => Promise<unknown>][] = [
      ['first page, no filter (baseline)', list({})],
      ['tag=person (common)', list({ tags: ['person'] })],
      ['tag=toothbrush (rare)', list({ tags: ['toothbrush'] })],
      ['tag=person&tag=red (AND)', list({ tags: ['person', 'red'] })],
      ['tag=person&min_confidence=0.9', list({ tags: ['person'], minConfidence: 0.9 })],
      ['q=dog red (full text)', list({ text: 'dog red' })],
      ['q=hair drier (rare words)', list({ text: 'hair drier' })],
      ['GET /v1/tags (top 100, all)', () => db.tagging.tagCounts({ limit: 100 })],
      ['GET /v1/tags (public only)', () => db.tagging.tagCounts({ limit: 100, visibility: 'public' })],
      [
        'similar (bands, distance ≤ 6)',
        () => db.tagging.similar('img00000042', { maxDistance: 6, limit: 20 }),
      ],
    ];
    const table = [];
    for (const [name, run] of rows) {
      const ms = name.includes('baseline') ? baseline : await median(run);
      table.push({ query: name, 'median ms': ms.toFixed(2), 'x baseline': (ms / baseline).toFixed(2) });
    }
    console.table(table);
    await compareTagCounts(db, raw);
    await raw.close();
  } finally {
    await db.close();
    await test.drop();
  }
}

if (require.main === module) {
  void benchSearch(Number(process.env.SEARCH_IMAGES ?? 100_000)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
