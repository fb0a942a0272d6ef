import { parseAllDocuments, stringify } from 'yaml';
import type { ClusterSettings } from './config/types';
import { validateManifest } from './crd/validateManifest';
import { KIND } from './crd/types';
import { OperatorError } from './errors';
import { buildChildren } from './resources/buildChildren';

/** Stands in for generated secrets: render never invents credentials that would then leak. */
export const RENDERED_SECRET_PLACEHOLDER = 'generated-in-cluster-by-the-operator';

/**
 * What `render` prints: every object the operator would apply for the ImageServers in `text`
 * (YAML, several documents allowed), as one multi-document YAML stream. Other kinds are skipped.
 * Generated credentials are placeholders and owner references are left out (they need the uid
 * the cluster assigns); everything else is exactly what the operator applies.
 * @throws {OperatorError} RENDER_INPUT listing every problem of every document
 */
export function renderManifests(text: string, settings: ClusterSettings, source = 'input'): string {
  const docs = parseAllDocuments(text);
  const problems: string[] = [];
  const out: string[] = [];
  docs.forEach((doc, i) => {
    if (doc.errors.length) {
      problems.push(`${source} document ${i + 1}: ${doc.errors[0]!.message}`);
      return;
    }
    const value = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    if (!value || value.kind !== KIND) return;
    const { server, problems: found } = validateManifest({
      ...value,
      metadata: { namespace: 'default', ...value.metadata },
    });
    const label = `${source} document ${i + 1} (${value.metadata?.name ?? 'unnamed'})`;
    if (found.length) {
      problems.push(...found.map((p) => `${label}: ${p}`));
      return;
    }
    const credentials = {
      adminApiKey: RENDERED_SECRET_PLACEHOLDER,
      signingKeys: `k0:${RENDERED_SECRET_PLACEHOLDER}`,
      rotation: server.metadata.annotations?.['imageserver.dev/rotate-credentials'] ?? '',
      ...(server.spec.database.managed ? { databaseUrl: RENDERED_SECRET_PLACEHOLDER } : {}),
    };
    const ctx = { settings, credentials };
    const { desired } = buildChildren(server, ctx);
    out.push(`# ImageServer ${server.metadata.namespace}/${server.metadata.name}\n`);
    for (const obj of desired) out.push(`---\n${stringify(obj, { lineWidth: 0 })}`);
  });
  if (problems.length)
    throw new OperatorError('RENDER_INPUT', `Invalid ImageServer manifests:\n  - ${problems.join('\n  - ')}`);
  return out.join('');
}
