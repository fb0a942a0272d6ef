// Copies the ImageServer CRD's openAPIV3Schema (the operator's generated CRD file) into this
// package as JSON, so the portal validates requests against the same schema the API server
// enforces without importing the operator. Run after the CRD changes: npm run generate -w
// @imageserver/plugin-image-server-common. A test fails when the copy is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const crdFile = join(root, '../../operator/config/crd/imageservers.imageserver.dev.yaml');
const crd = parse(readFileSync(crdFile, 'utf8'));
const version = crd.spec.versions.find((v) => v.storage);
const out = {
  group: crd.spec.group,
  version: version.name,
  kind: crd.spec.names.kind,
  plural: crd.spec.names.plural,
  openAPIV3Schema: version.schema.openAPIV3Schema,
};
writeFileSync(join(root, 'src/generated/imageServerCrd.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote src/generated/imageServerCrd.json (${out.group}/${out.version} ${out.kind})`);
