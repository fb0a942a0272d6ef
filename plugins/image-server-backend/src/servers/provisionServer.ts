import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  imageServerCreatePermission,
  validateImageServerSpec,
  validateNamespace,
  validateServerName,
  type CreateServerRequest,
  type ImageServerSummary,
} from '@imageserver/plugin-image-server-common';
import type { ServerDirectory } from './ServerDirectory';

/** What creating a server needs; shared by the REST route and the registered action. */
/** A create request as received: nothing checked yet. */
export type UncheckedCreateRequest = Partial<Omit<CreateServerRequest, 'spec'>> & { spec?: unknown };

export interface ProvisionDeps {
  directory: ServerDirectory;
  permissions: PermissionsService;
  userInfo: UserInfoService;
}

/**
 * Creates an image server for a signed-in user: checks the create permission, then every field
 * (all problems in one InputError), then that the owner is the user or one of their groups,
 * and only then writes the resource.
 *
 * @throws NotAllowedError without the permission or for someone else's owner ref
 * @throws InputError for invalid names or spec
 */
export async function provisionServer(
  deps: ProvisionDeps,
  credentials: BackstageCredentials,
  body: UncheckedCreateRequest,
): Promise<ImageServerSummary> {
  const [decision] = await deps.permissions.authorize([{ permission: imageServerCreatePermission }], {
    credentials,
  });
  if (decision!.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError('Not allowed to create image servers');
  const problems = [
    ...(typeof body.cluster === 'string' && body.cluster ? [] : ['cluster: is required']),
    ...validateNamespace(body.namespace),
    ...validateServerName(body.name),
    ...validateImageServerSpec(body.spec),
  ];
  if (problems.length > 0) throw new InputError(`Invalid image server: ${problems.join('; ')}`);
  const { userEntityRef, ownershipEntityRefs } = await deps.userInfo.getUserInfo(credentials);
  const owner = body.owner ?? userEntityRef;
  if (body.owner !== undefined && !ownershipEntityRefs.includes(body.owner)) {
    throw new NotAllowedError(
      `You can only create image servers owned by yourself or your groups, not ${body.owner}`,
    );
  }
  // Every field was checked above.
  return deps.directory.create(body as CreateServerRequest, owner);
}
