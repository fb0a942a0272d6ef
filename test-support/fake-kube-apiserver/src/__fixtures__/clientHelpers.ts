import { ApiException, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { FakeKubeApiServer } from '../FakeKubeApiServer';
import type { FakeKubeApiServerOptions } from '../types';

/** A started fake server and a KubeConfig pointing at it. */
export async function startFake(
  options?: FakeKubeApiServerOptions,
): Promise<{ api: FakeKubeApiServer; kc: KubeConfig }> {
  const api = new FakeKubeApiServer(options);
  await api.start();
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig());
  return { api, kc };
}

/** The HTTP code and Status body of a call the server rejected. */
export async function failure(call: Promise<unknown>): Promise<{
  code: number;
  body: {
    kind: string;
    reason: string;
    message: string;
    code: number;
    details?: { causes?: { field?: string }[] };
  };
}> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiException)
      return { code: err.code, body: typeof err.body === 'string' ? JSON.parse(err.body) : err.body };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** A minimal Deployment with one container named `web`. */
export function deployment(name: string, image = 'nginx:1.27'): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

/** Resolves when `predicate` holds, polling every few milliseconds (no timing assertion: jest's timeout bounds it). */
export async function eventually(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 5));
}
