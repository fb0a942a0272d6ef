import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../app/paths';
import { InfraConfigError } from '../config';
import { resolveTaggingEntry } from './resolveTaggingEntry';

describe('resolveTaggingEntry', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'infra-entry-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('returns the absolute path of the handler', () => {
    const file = path.join(root, 'server', 'src', 'tagging', 'lambda', 'handler.ts');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'export const handler = async () => undefined;\n');
    expect(resolveTaggingEntry(root, 'server/src/tagging/lambda/handler.ts')).toBe(file);
  });

  it('refuses to synthesize a function whose handler is missing', () => {
    const missing = () => resolveTaggingEntry(root, 'server/src/tagging/lambda/handler.ts');
    expect(missing).toThrow(InfraConfigError);
    expect(missing).toThrow(
      `tagging.entry: ${path.join(root, 'server/src/tagging/lambda/handler.ts')} does not exist`,
    );
  });

  it('finds the server’s handler in this repository', () => {
    expect(resolveTaggingEntry(REPO_ROOT, 'server/src/tagging/lambda/handler.ts')).toBe(
      path.join(REPO_ROOT, 'server', 'src', 'tagging', 'lambda', 'handler.ts'),
    );
  });
});
