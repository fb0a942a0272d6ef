// Type-checks what the build leaves out (tests, test support, scripts, benchmarks): every
// workspace that has a tsconfig.check.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const listed = spawnSync('npm', ['query', '.workspace'], { cwd: root, encoding: 'utf8' });
let failed = false;
for (const ws of JSON.parse(listed.stdout)) {
  const config = join(root, ws.location, 'tsconfig.check.json');
  if (!existsSync(config)) continue;
  const run = spawnSync('npx', ['tsc', '-p', config], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
