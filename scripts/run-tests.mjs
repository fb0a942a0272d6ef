// Runs each workspace's jest suite in turn and prints one closing line for the whole repo.
// Usage: node scripts/run-tests.mjs [workspace ...]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'reports', 'jest');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const listed = spawnSync('npm', ['query', '.workspace'], { cwd: root, encoding: 'utf8' });
const workspaces = JSON.parse(listed.stdout)
  .filter((ws) => ws.scripts?.test)
  .map((ws) => ({ name: ws.name, dir: ws.location }))
  .filter(
    (ws) =>
      process.argv.length <= 2 || process.argv.slice(2).some((a) => ws.dir.includes(a) || ws.name === a),
  );
if (!pkg.workspaces) throw new Error('root package.json has no workspaces');

let passed = 0;
let failed = 0;
let skipped = 0;
const broken = [];
for (const ws of workspaces) {
  const out = join(reports, `${ws.name.replace(/[@/]/g, '_')}.json`);
  console.log(`\n=== ${ws.name} (${ws.dir})`);
  const run = spawnSync('npm', ['run', 'test', '-w', ws.name, '--', '--json', `--outputFile=${out}`], {
    cwd: root,
    stdio: 'inherit',
  });
  let summary;
  try {
    summary = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    summary = undefined;
  }
  if (summary) {
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    skipped += summary.numPendingTests + summary.numTodoTests;
  }
  if (run.status !== 0 || !summary || summary.numRuntimeErrorTestSuites > 0) broken.push(ws.name);
}
if (broken.length) console.log(`\nworkspaces with failures: ${broken.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(broken.length || failed ? 1 : 0);
