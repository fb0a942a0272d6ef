/**
 * Writes `config/` (CRD, RBAC, manager, kustomization) and `install.yaml` from the TypeScript
 * definitions in src/install and src/crd. Run after changing them: `npm run generate -w operator`.
 * A test fails when the committed files differ from what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from '../src/install/generatedFiles';

const root = join(__dirname, '..');
for (const [file, text] of Object.entries(generatedFiles())) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
