import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateKubeObjects } from '../__fixtures__/validateKubeObjects';
import { generatedFiles } from './generatedFiles';
import { installManifests } from './manifests';

const root = join(__dirname, '..', '..');

describe('install manifests', () => {
  it.each(Object.keys(generatedFiles()))('%s is up to date (run `npm run generate -w operator`)', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).toBe(generatedFiles()[file]);
  });

  it('are valid by the upstream Kubernetes schemas', () => {
    const objects = installManifests().flatMap((m) => m.objects);
    expect(validateKubeObjects(objects)).toEqual(objects.map(() => undefined));
  });
});
