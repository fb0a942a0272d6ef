import { readdirSync } from 'node:fs';
import path from 'node:path';
import { findInstalled } from './collectPackages';
import type { RuntimeFile } from './types';

/**
 * The files the model-based taggers open by path at run time, which esbuild cannot put in the
 * bundle: the TensorFlow.js wasm binaries and the MB3-CenterNet model (the moderation model is
 * JavaScript inside nsfwjs, so it is bundled). They keep their `node_modules/<package>/…` place,
 * with each package's manifest, so that the handler's `require.resolve` finds them next to
 * `index.js` exactly as in the server. About 6 MB instead of the packages' 250 MB and more.
 * @throws Error naming a package that is not installed where `serverDir` can find it.
 */
export function taggerRuntimeFiles(serverDir: string): RuntimeFile[] {
  const files: RuntimeFile[] = [];
  const add = (pkg: string, relative: string[]) => {
    const dir = findInstalled(pkg, serverDir);
    if (!dir)
      throw new Error(
        `package "${pkg}" (needed by the tagging Lambda) is not installed where ${serverDir} can find it`,
      );
    for (const file of ['package.json', ...relative]) {
      files.push({ from: path.join(dir, file), to: path.join('node_modules', pkg, file) });
    }
  };
  const wasmDir = path.join(findInstalled('@tensorflow/tfjs-backend-wasm', serverDir) ?? '', 'dist');
  add(
    '@tensorflow/tfjs-backend-wasm',
    readdirSync(wasmDir)
      .filter((f) => f.endsWith('.wasm'))
      .sort()
      .map((f) => path.join('dist', f)),
  );
  const human = findInstalled('@vladmandic/human', serverDir) ?? '';
  const main = require.resolve('@vladmandic/human', { paths: [serverDir] });
  add('@vladmandic/human', [path.relative(human, main), 'models/centernet.json', 'models/centernet.bin']);
  return files;
}
