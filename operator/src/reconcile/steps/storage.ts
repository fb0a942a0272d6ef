import { checkSharedBucket } from '../../aws/checkSharedBucket';
import { bucketArn } from '../../aws/bucketArn';
import { ensureBucket } from '../../aws/ensureBucket';
import { buildLifecycleRules } from '../../aws/lifecycleRules';
import { OperatorError } from '../../errors';
import { contentHash } from '../../hash';
import { storageLayout } from '../../resources/storageLayout';
import { storagePlacementProblems } from '../../resources/storagePlacementProblems';
import { toReason } from './checkReferences';
import type { Step } from '../types';

/**
 * The S3 bucket. The server's own bucket is created or adopted, locked down and given its lifecycle
 * rules; the platform's shared bucket is only checked (infra owns its settings, and the operator's
 * role may not change them).
 */
export const storage: Step = {
  name: 'storage',
  async run(ctx) {
    const { server, deps } = ctx;
    const { namespace, name } = server.metadata;
    const spec = server.spec.storage;
    const layout = storageLayout(server, deps.config.cluster);
    const checkKey = `${namespace}/${name}/storage`;
    const fingerprint = contentHash({ spec, layout, uid: server.metadata.uid });
    const ready = (reason: string) =>
      ({
        type: 'StorageReady',
        status: 'True',
        reason,
        message: `bucket ${layout.bucket}${layout.prefix ? `, prefix ${layout.prefix}` : ''}`,
      }) as const;
    const reasonOf = (created: boolean) =>
      layout.shared ? 'SharedBucket' : created ? 'BucketCreated' : 'BucketAdopted';
    if (server.status?.bucket && deps.recentChecks?.fresh(checkKey, fingerprint)) {
      ctx.status.bucket = server.status.bucket;
      ctx.conditions.set('StorageReady', ready(reasonOf(Boolean(server.status.bucket.created))));
      return;
    }
    try {
      const problems = storagePlacementProblems(server, deps.config.cluster);
      if (problems.length) throw new OperatorError('STORAGE_NOT_ALLOWED', problems.join('; '), true);
      let created = false;
      if (layout.shared) {
        await checkSharedBucket(deps.s3(layout.region), layout.bucket, layout.prefix);
      } else {
        const state = await ensureBucket(deps.s3(layout.region), {
          bucket: layout.bucket,
          region: layout.region,
          create: spec.create ?? true,
          owner: `${namespace}/${name}`,
          namespace,
          name,
          lifecycleRules: buildLifecycleRules(namespace, name, spec),
        });
        created = state.created;
        if (state.changes.length) {
          ctx.changes.push(...state.changes.map((c) => `${c} (${layout.bucket})`));
          await deps.events.normal(server, 'Storage', `bucket ${layout.bucket}: ${state.changes.join(', ')}`);
        }
      }
      ctx.status.bucket = { name: layout.bucket, arn: bucketArn(layout.bucket, layout.region), created };
      deps.recentChecks?.record(checkKey, fingerprint);
      ctx.conditions.set('StorageReady', ready(reasonOf(created)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const reason = err instanceof OperatorError ? toReason(err.code) : 'AwsApi';
      ctx.conditions.set('StorageReady', { type: 'StorageReady', status: 'False', reason, message });
      throw err;
    }
  },
};
