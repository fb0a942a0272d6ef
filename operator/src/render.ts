#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadOperatorConfig } from './config/loadOperatorConfig';
import { renderManifests } from './renderManifests';

/**
 * `npm run render -w operator -- FILE...` (or `-` for stdin): prints, as YAML, every Kubernetes
 * object the operator would apply for the ImageServers in the files, with no cluster, like
 * `helm template`. Cluster settings come from the same environment variables as the operator's.
 */
function main(argv: string[]): number {
  const files = argv.filter((a) => a !== '--');
  if (!files.length || files.includes('--help') || files.includes('-h')) {
    process.stderr.write('usage: npm run render -w operator -- FILE.yaml [FILE.yaml ...]  (- reads stdin)\n');
    return files.length ? 0 : 2;
  }
  // npm runs workspace scripts in the workspace folder; resolve paths where the user typed them.
  const base = process.env.INIT_CWD ?? process.cwd();
  try {
    const settings = loadOperatorConfig().cluster;
    for (const file of files) {
      const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(base, file), 'utf8');
      process.stdout.write(renderManifests(text, settings, file));
    }
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
