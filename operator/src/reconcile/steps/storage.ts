import { ensureBucket } from '../../aws/ensureBucket';
import { buildLifecycleRules } from '../../aws/lifecycleRules';
import { OperatorError } from '../../errors';
import { contentHash } from '../../hash';
import { toReason } from './checkReferences';
import type { Step } from '../types';

/** The S3 bucket: created or adopted, locked down, lifecycle rules applied. */
export const storage: Step = {
  name: 'storage',
  async run(ctx) {
    const { server, deps } = ctx;
    const { namespace, name } = server.metadata;
    const spec = server.spec.storage;
    const region = spec.region ?? deps.config.cluster.region;
    const checkKey = `${namespace}/${name}/storage`;
    const fingerprint = contentHash({ spec, region, uid: server.metadata.uid });
    const ready = (created: boolean) =>
      ({
        type: 'StorageReady',
        status: 'True',
        reason: created ? 'BucketCreated' : 'BucketAdopted',
        message: `bucket ${spec.bucket}${spec.prefix ? `, prefix ${spec.prefix}` : ''}`,
      }) as const;
    if (server.status?.bucket && deps.recentChecks?.fresh(checkKey, fingerprint)) {
      ctx.status.bucket = server.status.bucket;
      ctx.conditions.set('StorageReady', ready(Boolean(server.status.bucket.created)));
      return;
    }
    try {
      const state = await ensureBucket(deps.s3(region), {
        bucket: spec.bucket,
        region,
        create: spec.create ?? true,
        owner: `${namespace}/${name}`,
        namespace,
        name,
        lifecycleRules: buildLifecycleRules(namespace, name, spec),
      });
      ctx.status.bucket = { name: spec.bucket, arn: state.arn, created: state.created };
      if (state.changes.length) {
        ctx.changes.push(...state.changes.map((c) => `${c} (${spec.bucket})`));
        await deps.events.normal(server, 'Storage', `bucket ${spec.bucket}: ${state.changes.join(', ')}`);
      }
      deps.recentChecks?.record(checkKey, fingerprint);
      ctx.conditions.set('StorageReady', ready(state.created));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const reason = err instanceof OperatorError ? toReason(err.code) : 'AwsApi';
      ctx.conditions.set('StorageReady', { type: 'StorageReady', status: 'False', reason, message });
      throw err;
    }
  },
};
