import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { InstalledPackage } from './types';

interface PackageJson {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/**
 * Lists an installed package and everything it needs at run time on `platform` (for example
 * `linux-x64`): its dependencies, and those optional dependencies whose name ends in
 * `-<platform>` (how sharp ships its prebuilt binaries). Resolves each from the folder of the
 * package that needs it, as Node does (see findInstalled).
 * @throws {Error} when a needed package is not installed, naming it, so that a missing binary
 *   shows up at synthesis and not as a crash in Lambda.
 */
export function collectPackages(name: string, fromDir: string, platform: string): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (pkg: string, from: string): void => {
    if (found.has(pkg)) return;
    const dir = findInstalled(pkg, from);
    if (!dir)
      throw new Error(`package "${pkg}" (needed on ${platform}) is not installed where ${from} can find it`);
    const manifest = path.join(dir, 'package.json');
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson;
    found.set(pkg, { name: pkg, dir });
    for (const dep of Object.keys(json.dependencies ?? {})) visit(dep, dir);
    for (const dep of Object.keys(json.optionalDependencies ?? {})) {
      if (dep.endsWith(`-${platform}`)) visit(dep, dir);
    }
  };
  visit(name, fromDir);
  return [...found.values()];
}

/**
 * Node's lookup: `node_modules/<name>` in `from` and each parent folder. Done by hand because
 * packages such as sharp do not export their package.json to `require.resolve`.
 */
export function findInstalled(name: string, from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
