// The synthesis test: the app as `cdk synth` builds it, with real esbuild bundling and asset
// staging, offline and without credentials.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { cdkJsonContext } from '../app/__fixtures__/synthesizeApp';
import { createApp } from '../app/createApp';
import { REPO_ROOT } from '../app/paths';
import { InfraConfigError } from '../config';

describe('cdk synth of the example environment', () => {
  let outdir: string;
  let assembly: CloudAssembly;
  let stacks: ReturnType<typeof createApp>['stacks'];

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'infra-synth-'));
    const created = createApp({ outdir, context: cdkJsonContext() });
    stacks = created.stacks;
    assembly = created.app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes every stack without asking for context it does not have', () => {
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(assembly.stacks.map((s) => [s.stackName, s.environment.region]).sort()).toEqual([
      ['example-cluster', 'eu-west-1'],
      ['example-data', 'eu-west-1'],
      ['example-edge', 'eu-west-1'],
      ['example-edge-alarms', 'us-east-1'],
      ['example-edge-certificate', 'us-east-1'],
      ['example-identity', 'eu-west-1'],
      ['example-network', 'eu-west-1'],
      ['example-observability', 'eu-west-1'],
      ['example-tagging', 'eu-west-1'],
    ]);
    for (const s of assembly.stacks) expect(s.environment.account).toBe('111111111111');
  });

  it('reports no validation violation but the expected warning', () => {
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const warnings = report.pluginReports.flatMap((p: { violations: { ruleName: string }[] }) =>
      p.violations.map((v) => v.ruleName),
    );
    expect(warnings.sort()).toEqual(
      ['Annotation::@imageserver/infra:operator-manifest-missing'].filter(
        () => !existsSync(path.join(REPO_ROOT, 'operator', 'install.yaml')),
      ),
    );
  });

  const assetDir = (logicalId: string, property: 'Code' | 'Content') =>
    path.join(
      outdir,
      `asset.${assembly
        .getStackByName('example-tagging')
        .template.Resources[logicalId].Properties[property].S3Key.replace(/\.zip$/, '')}`,
    );
  const functionDir = () =>
    assetDir(stacks.tagging.getLogicalId(stacks.tagging.tagging.function.node.defaultChild as never), 'Code');
  const layerModules = () =>
    path.join(
      assetDir(
        stacks.tagging.getLogicalId(
          stacks.tagging.tagging.node.findChild('Sharp').node.findChild('Layer').node.defaultChild as never,
        ),
        'Content',
      ),
      'nodejs',
      'node_modules',
    );

  it('bundles the server’s tagging handler with esbuild into a CommonJS index.js', () => {
    const text = readFileSync(path.join(functionDir(), 'index.js'), 'utf8');
    // The real handler's platform configuration, not a stand-in.
    expect(text).toMatch(/DATABASE_SECRET_ARN/);
    expect(text).toMatch(/SERVER_PREFIX_ROOT/);
    expect(text).not.toMatch(/require\(["']sharp\/lib/);
  });

  it('fits the function and its layer in Lambda’s 250 MB unzipped limit', () => {
    const total = directorySize(functionDir()) + directorySize(layerModules());
    expect(total).toBeLessThan(250 * 1024 * 1024);
  });

  it('runs the label and moderation models from the bundle and its copied model files alone', () => {
    const samples = path.join(REPO_ROOT, 'node_modules', '@vladmandic', 'human', 'assets', 'samples.jpg');
    const script = `
      const { createTaggers } = require(${JSON.stringify(path.join(functionDir(), 'index.js'))});
      const [labels, moderation] = createTaggers({ taggers: ['labels', 'moderation'], moderationPolicy: 'tag', moderationThreshold: 0.7 });
      const bytes = require('node:fs').readFileSync(${JSON.stringify(samples)});
      (async () => {
        const found = await labels.tag({ image: {}, bytes });
        const judged = await moderation.tag({ image: {}, bytes });
        console.log(JSON.stringify({
          labels: found.tags.map((t) => t.name),
          scores: Object.keys(judged.analysis.moderation.scores).sort(),
        }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_PATH: layerModules() },
    });
    expect(run.stderr).toBe('');
    // The last line: TensorFlow.js prints its own notices first.
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { labels: string[]; scores: string[] };
    expect(out.labels).toContain('person');
    expect(out.scores).toEqual(['drawing', 'hentai', 'neutral', 'porn', 'sexy']);
  });

  it('loads the bundle as Lambda does, and its handler names the variables it misses', () => {
    // From outside the repository, with only the layer on the module path: every other import
    // must be in the bundle.
    const script = `
      const { handler } = require(${JSON.stringify(path.join(functionDir(), 'index.js'))});
      const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'b' }, object: { key: 'servers/a/b/originals/ab/x' } } }] };
      handler(event).then(() => console.log('resolved'), (e) => console.log(e.name, e.message));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_PATH: layerModules(), IMAGES_BUCKET: 'b', LOG_LEVEL: 'silent' },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(
      'ConfigError Invalid configuration:\n  - DATABASE_SECRET_ARN: required in platform mode (with IMAGES_BUCKET and DATABASE_SECRET_ARN)',
    );
  });

  it('ships a sharp layer whose Linux x64 binary loads and converts an image', () => {
    const layer =
      assembly.getStackByName('example-tagging').template.Resources[
        stacks.tagging.getLogicalId(
          stacks.tagging.tagging.node.findChild('Sharp').node.findChild('Layer').node.defaultChild as never,
        )
      ].Properties.Content;
    const modules = path.join(outdir, `asset.${layer.S3Key.replace(/\.zip$/, '')}`, 'nodejs', 'node_modules');
    expect(existsSync(path.join(modules, '@img', 'sharp-linux-x64'))).toBe(true);
    // In a separate process, from outside the repository, as Lambda loads /opt/nodejs/node_modules.
    const script = `
      const sharp = require(${JSON.stringify(path.join(modules, 'sharp'))});
      sharp({ create: { width: 2, height: 2, channels: 3, background: '#f00' } }).webp().toBuffer()
        .then((b) => sharp(b).metadata()).then((m) => console.log(m.format, m.width, m.height));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('webp 2 2');
  });
});

describe('createApp', () => {
  it('fails synthesis on a finding nobody acknowledged', () => {
    const { app, stacks } = createApp({
      outdir: mkdtempSync(path.join(tmpdir(), 'infra-nag-')),
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    });
    new s3.Bucket(stacks.data, 'Unlogged', { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('fails with the settings to fix when the environment is not configured', () => {
    expect(() => createApp({ context: { 'imageserver:environment': 'nope' } })).toThrow(InfraConfigError);
  });
});

function directorySize(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}
