import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyDefaults, imageServerSchema, type ImageServer } from '../crd';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

/** Every ImageServer in `operator/examples/`, as written (no defaults), by file name. */
export function loadExamples(): { file: string; server: ImageServer }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(EXAMPLES_DIR, file), 'utf8')).map((d) => ({
        file,
        server: d.toJS() as ImageServer,
      })),
    );
}

/** An example after API-server defaulting, with the uid and generation a cluster would add. */
export function example(name: 'minimal' | 'production' | 'scratch'): ImageServer {
  const found = loadExamples().find((e) => e.file === `${name}.yaml`);
  if (!found) throw new Error(`no example ${name}`);
  const server = applyDefaults(imageServerSchema, found.server);
  server.metadata.uid = `uid-${name}`;
  server.metadata.generation = 1;
  return server;
}
