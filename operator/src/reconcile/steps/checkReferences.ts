import { OperatorError } from '../../errors';
import type { SecretKeyRef } from '../../crd/types';
import type { ReconcileContext, Step } from '../types';

async function readSecretValue(
  ctx: ReconcileContext,
  ref: SecretKeyRef,
  what: string,
  pattern: RegExp,
  example: string,
) {
  const { server, deps } = ctx;
  const key = ref.key ?? 'url';
  const checkKey = `${server.metadata.namespace}/${server.metadata.name}/ref/${what}`;
  const fingerprint = `${ref.name}/${key}`;
  if (deps.recentChecks?.fresh(checkKey, fingerprint)) return;
  const secret = await deps.kube.get({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: server.metadata.namespace,
    name: ref.name,
  });
  if (!secret) {
    throw new OperatorError(
      'SECRET_NOT_FOUND',
      `${what}: Secret ${ref.name} not found in namespace ${server.metadata.namespace}`,
      true,
    );
  }
  const data = (secret.data ?? {}) as Record<string, string>;
  if (data[key] === undefined) {
    throw new OperatorError('SECRET_KEY_MISSING', `${what}: Secret ${ref.name} has no key "${key}"`, true);
  }
  const value = Buffer.from(data[key], 'base64').toString('utf8');
  if (!pattern.test(value)) {
    throw new OperatorError(
      'SECRET_VALUE_INVALID',
      `${what}: Secret ${ref.name} key "${key}" is not a ${example} URL`,
      true,
    );
  }
  deps.recentChecks?.record(checkKey, fingerprint);
}

/**
 * Referenced Secrets exist, hold the key and look like the right kind of URL. A missing one is a
 * terminal error: nothing is rolled out with a reference that would crash the pods at start-up.
 * Values are read directly (not cached): the operator does not watch Secrets it does not own.
 */
export const checkReferences: Step = {
  name: 'references',
  async run(ctx) {
    const { database, cache } = ctx.server.spec;
    if (database.secretRef) {
      try {
        await readSecretValue(
          ctx,
          database.secretRef,
          'spec.database.secretRef',
          /^postgres(ql)?:\/\//,
          'postgres://',
        );
        ctx.conditions.set('DatabaseReady', {
          type: 'DatabaseReady',
          status: 'True',
          reason: 'SecretFound',
          message: `using Secret ${database.secretRef.name}`,
        });
      } catch (err) {
        if (err instanceof OperatorError)
          ctx.conditions.set('DatabaseReady', {
            type: 'DatabaseReady',
            status: 'False',
            reason: toReason(err.code),
            message: err.message,
          });
        throw err;
      }
    }
    if (cache?.secretRef) {
      try {
        await readSecretValue(ctx, cache.secretRef, 'spec.cache.secretRef', /^rediss?:\/\//, 'redis://');
        ctx.conditions.set('CacheReady', {
          type: 'CacheReady',
          status: 'True',
          reason: 'SecretFound',
          message: `using Secret ${cache.secretRef.name}`,
        });
      } catch (err) {
        if (err instanceof OperatorError)
          ctx.conditions.set('CacheReady', {
            type: 'CacheReady',
            status: 'False',
            reason: toReason(err.code),
            message: err.message,
          });
        throw err;
      }
    } else {
      ctx.conditions.set('CacheReady', {
        type: 'CacheReady',
        status: 'True',
        reason: 'NotConfigured',
        message: 'no cache configured; the server uses its in-process cache',
      });
    }
  },
};

/** `SECRET_NOT_FOUND` → `SecretNotFound`, the CamelCase form conditions use for reasons. */
export function toReason(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
