import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, type PolicyDecision } from '@backstage/plugin-permission-common';
import imageServerPlugin from '../index';

/** What the mocked permission service answers; tests change it between requests. */
export interface PermissionSwitch {
  decision: PolicyDecision;
  /** Permission names asked for, with their resourceRef, in order. */
  asked: { name: string; resourceRef?: string }[];
}

/**
 * The plugin in a test backend with the given `imageServer` config and a permission service
 * that answers `permissionSwitch.decision` to every request (ALLOW unless changed).
 */
export async function startPortal(imageServer: object) {
  const permissionSwitch: PermissionSwitch = { decision: { result: AuthorizeResult.ALLOW }, asked: [] };
  const answer = (n: number) =>
    Array.from({ length: n }, () => {
      const d = permissionSwitch.decision;
      // authorize() never returns CONDITIONAL: the framework resolves conditions for a resourceRef.
      return d.result === AuthorizeResult.CONDITIONAL ? { result: AuthorizeResult.DENY } : d;
    });
  const permissions: Partial<PermissionsService> = {
    authorize: async (requests) => {
      for (const r of requests)
        permissionSwitch.asked.push({
          name: r.permission.name,
          resourceRef: (r as { resourceRef?: string }).resourceRef,
        });
      return answer(requests.length) as never;
    },
    authorizeConditional: async (requests) => {
      for (const r of requests) permissionSwitch.asked.push({ name: r.permission.name });
      return requests.map(() => permissionSwitch.decision) as never;
    },
  };
  const backend = await startTestBackend({
    features: [
      imageServerPlugin,
      mockServices.rootConfig.factory({ data: { imageServer } }),
      mockServices.permissions.mock(permissions).factory,
    ],
  });
  return { backend, server: backend.server, permissionSwitch };
}
