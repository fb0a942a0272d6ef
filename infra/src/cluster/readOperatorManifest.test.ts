import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findServiceAccount } from './findServiceAccount';
import { readOperatorManifest } from './readOperatorManifest';

const fixture = path.join(__dirname, '__fixtures__', 'repo-with-operator', 'operator', 'install.yaml');
const fallback = { namespace: 'imageserver-system', name: 'imageserver-operator' };

describe('readOperatorManifest', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'infra-manifest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns every object of the stream and drops the empty trailing document', () => {
    const manifest = readOperatorManifest(fixture)!;
    expect(manifest.objects.map((o) => o.kind)).toEqual([
      'Namespace',
      'CustomResourceDefinition',
      'ServiceAccount',
      'ServiceAccount',
      'Deployment',
    ]);
  });

  it('returns undefined when the operator has not been built yet', () => {
    expect(readOperatorManifest(path.join(dir, 'missing.yaml'))).toBeUndefined();
  });

  it('refuses a document that is not YAML, naming it', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Namespace\n---\nkey: [unclosed\n');
    expect(() => readOperatorManifest(file)).toThrow(`${file}: document 2 is not valid YAML`);
  });

  it('refuses a document that is not a Kubernetes object', () => {
    const file = path.join(dir, 'list.yaml');
    writeFileSync(file, '- a\n- b\n');
    expect(() => readOperatorManifest(file)).toThrow(
      `${file}: document 1 is not a Kubernetes object (no apiVersion/kind)`,
    );
  });
});

describe('findServiceAccount', () => {
  it('picks the account the Deployment runs as, in its namespace', () => {
    const { objects } = readOperatorManifest(fixture)!;
    expect(findServiceAccount(objects, fallback)).toEqual({
      namespace: 'imageserver-ops',
      name: 'controller',
    });
  });

  it('falls back to the configured account when the manifest declares none', () => {
    expect(
      findServiceAccount([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }], fallback),
    ).toEqual(fallback);
  });

  it('takes the first account when no Deployment names one, and the fallback namespace if it has none', () => {
    const objects = [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'op' } }];
    expect(findServiceAccount(objects, fallback)).toEqual({ namespace: 'imageserver-system', name: 'op' });
  });
});
