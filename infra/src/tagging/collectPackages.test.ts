import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../app/paths';
import { collectPackages } from './collectPackages';

describe('collectPackages', () => {
  it('finds sharp, its dependencies and only its linux-x64 (glibc) binaries', () => {
    const names = collectPackages('sharp', path.join(REPO_ROOT, 'server'), 'linux-x64').map((p) => p.name);
    expect(names[0]).toBe('sharp');
    expect(names).toEqual(
      expect.arrayContaining([
        '@img/sharp-linux-x64',
        '@img/sharp-libvips-linux-x64',
        'detect-libc',
        'semver',
      ]),
    );
    expect(names.filter((n) => n.startsWith('@img/sharp-') && !n.endsWith('-linux-x64'))).toEqual([]);
  });

  describe('with a made-up tree', () => {
    let root: string;
    const pkg = (dir: string, json: object) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify(json));
    };
    beforeAll(() => {
      root = mkdtempSync(path.join(tmpdir(), 'infra-packages-'));
      pkg(path.join(root, 'node_modules', 'top'), {
        name: 'top',
        dependencies: { dep: '1' },
        optionalDependencies: { 'bin-linux-x64': '1', 'bin-darwin-arm64': '1', 'bin-linuxmusl-x64': '1' },
      });
      // A nested copy wins over the hoisted one for the package that needs it, as in Node.
      pkg(path.join(root, 'node_modules', 'top', 'node_modules', 'dep'), { name: 'dep', version: 'nested' });
      pkg(path.join(root, 'node_modules', 'dep'), { name: 'dep', version: 'hoisted' });
      pkg(path.join(root, 'node_modules', 'bin-linux-x64'), { name: 'bin-linux-x64' });
      pkg(path.join(root, 'node_modules', 'needs-missing'), {
        name: 'needs-missing',
        dependencies: { absent: '1' },
      });
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('resolves each package from the one that needs it and skips other platforms', () => {
      expect(collectPackages('top', path.join(root, 'app'), 'linux-x64')).toEqual([
        { name: 'top', dir: path.join(root, 'node_modules', 'top') },
        { name: 'dep', dir: path.join(root, 'node_modules', 'top', 'node_modules', 'dep') },
        { name: 'bin-linux-x64', dir: path.join(root, 'node_modules', 'bin-linux-x64') },
      ]);
    });

    it('names a missing package instead of leaving Lambda to crash', () => {
      expect(() => collectPackages('needs-missing', root, 'linux-x64')).toThrow(
        `package "absent" (needed on linux-x64) is not installed where ${path.join(root, 'node_modules', 'needs-missing')} can find it`,
      );
    });
  });
});
