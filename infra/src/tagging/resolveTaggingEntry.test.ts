import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTaggingEntry, STAND_IN_ENTRY } from './resolveTaggingEntry';
import { handler, TaggingHandlerNotDeployedError } from './standInHandler';

describe('resolveTaggingEntry', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'infra-entry-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('uses the stand-in until the handler exists', () => {
    expect(resolveTaggingEntry(root, 'server/src/tagging/lambda/handler.ts')).toEqual({
      path: STAND_IN_ENTRY,
      standIn: true,
    });
  });

  it('uses the real handler as soon as it exists, without other changes', () => {
    const file = path.join(root, 'server', 'src', 'tagging', 'lambda', 'handler.ts');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'export const handler = async () => undefined;\n');
    expect(resolveTaggingEntry(root, 'server/src/tagging/lambda/handler.ts')).toEqual({
      path: file,
      standIn: false,
    });
  });
});

describe('standInHandler', () => {
  it('fails every event so that it is retried and kept in the dead-letter queue', async () => {
    const event = {
      Records: [
        { s3: { object: { key: 'servers/a/b/1.jpg' } } },
        { s3: { object: { key: 'servers/a/b/2.jpg' } } },
      ],
    };
    const failure = handler(event);
    await expect(failure).rejects.toBeInstanceOf(TaggingHandlerNotDeployedError);
    await expect(failure).rejects.toMatchObject({
      code: 'TAGGING_HANDLER_NOT_DEPLOYED',
      message: 'the tagging handler is a stand-in; 2 object(s) kept for redrive from the dead-letter queue',
    });
  });
});
