import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  type EKSClient,
  ListPodIdentityAssociationsCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { OperatorError } from '../errors';

export interface PodIdentityRequest {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  tags: Record<string, string>;
}

const eksError = (op: string, err: unknown) =>
  new OperatorError('AWS_API', `EKS ${op} failed: ${(err as { name?: string }).name ?? String(err)}`, false, {
    cause: err,
  });

async function findAssociation(
  eks: EKSClient,
  clusterName: string,
  namespace: string,
  serviceAccount: string,
) {
  const out = await eks
    .send(new ListPodIdentityAssociationsCommand({ clusterName, namespace, serviceAccount }))
    .catch((err: unknown) => {
      throw eksError('ListPodIdentityAssociations', err);
    });
  return out.associations?.[0]?.associationId;
}

async function create(eks: EKSClient, req: PodIdentityRequest): Promise<void> {
  await eks
    .send(
      new CreatePodIdentityAssociationCommand({
        clusterName: req.clusterName,
        namespace: req.namespace,
        serviceAccount: req.serviceAccount,
        roleArn: req.roleArn,
        disableSessionTags: false,
        tags: req.tags,
      }),
    )
    .catch((err: unknown) => {
      throw eksError('CreatePodIdentityAssociation', err);
    });
}

/**
 * Makes sure the server's ServiceAccount has exactly one Pod Identity association with the
 * workload role and EKS's session tags on: the role's policy picks the server's S3 prefix from the
 * `kubernetes-namespace` and `kubernetes-service-account` tags, so there is no session policy
 * (EKS allows one only with session tags off). Creates or updates it; does nothing when it matches.
 * An association that still carries a session policy (made by an older operator) is deleted and
 * created again, because the EKS API documents no way to remove a policy in an update.
 * @returns what changed: 'created', 'updated', 'replaced' or undefined
 * @throws {OperatorError} AWS_API when an EKS call fails
 */
export async function ensurePodIdentity(
  eks: EKSClient,
  req: PodIdentityRequest,
): Promise<'created' | 'updated' | 'replaced' | undefined> {
  const id = await findAssociation(eks, req.clusterName, req.namespace, req.serviceAccount);
  if (!id) {
    await create(eks, req);
    return 'created';
  }
  const { association } = await eks
    .send(new DescribePodIdentityAssociationCommand({ clusterName: req.clusterName, associationId: id }))
    .catch((err: unknown) => {
      throw eksError('DescribePodIdentityAssociation', err);
    });
  if (association?.policy) {
    await deleteAssociation(eks, req.clusterName, id);
    await create(eks, req);
    return 'replaced';
  }
  if (association?.roleArn === req.roleArn && association.disableSessionTags !== true) return undefined;
  await eks
    .send(
      new UpdatePodIdentityAssociationCommand({
        clusterName: req.clusterName,
        associationId: id,
        roleArn: req.roleArn,
        disableSessionTags: false,
      }),
    )
    .catch((err: unknown) => {
      throw eksError('UpdatePodIdentityAssociation', err);
    });
  return 'updated';
}

async function deleteAssociation(eks: EKSClient, clusterName: string, associationId: string): Promise<void> {
  await eks
    .send(new DeletePodIdentityAssociationCommand({ clusterName, associationId }))
    .catch((err: unknown) => {
      if ((err as { name?: string }).name !== 'ResourceNotFoundException')
        throw eksError('DeletePodIdentityAssociation', err);
    });
}

/** Deletes the ServiceAccount's association, if any. */
export async function deletePodIdentity(
  eks: EKSClient,
  clusterName: string,
  namespace: string,
  serviceAccount: string,
): Promise<boolean> {
  const id = await findAssociation(eks, clusterName, namespace, serviceAccount);
  if (!id) return false;
  await deleteAssociation(eks, clusterName, id);
  return true;
}
