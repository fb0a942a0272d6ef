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
  /** Session policy JSON; requires session tags to be off (an EKS rule). */
  policy: string;
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

/**
 * Makes sure the server's ServiceAccount has exactly one Pod Identity association with the
 * workload role and the session policy; creates or updates it, and does nothing when it matches.
 * @returns what changed: 'created', 'updated' or undefined
 */
export async function ensurePodIdentity(
  eks: EKSClient,
  req: PodIdentityRequest,
): Promise<'created' | 'updated' | undefined> {
  const id = await findAssociation(eks, req.clusterName, req.namespace, req.serviceAccount);
  if (!id) {
    await eks
      .send(
        new CreatePodIdentityAssociationCommand({
          clusterName: req.clusterName,
          namespace: req.namespace,
          serviceAccount: req.serviceAccount,
          roleArn: req.roleArn,
          policy: req.policy,
          disableSessionTags: true,
          tags: req.tags,
        }),
      )
      .catch((err: unknown) => {
        throw eksError('CreatePodIdentityAssociation', err);
      });
    return 'created';
  }
  const { association } = await eks
    .send(new DescribePodIdentityAssociationCommand({ clusterName: req.clusterName, associationId: id }))
    .catch((err: unknown) => {
      throw eksError('DescribePodIdentityAssociation', err);
    });
  if (
    association?.roleArn === req.roleArn &&
    association.policy === req.policy &&
    association.disableSessionTags === true
  ) {
    return undefined;
  }
  await eks
    .send(
      new UpdatePodIdentityAssociationCommand({
        clusterName: req.clusterName,
        associationId: id,
        roleArn: req.roleArn,
        policy: req.policy,
        disableSessionTags: true,
      }),
    )
    .catch((err: unknown) => {
      throw eksError('UpdatePodIdentityAssociation', err);
    });
  return 'updated';
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
  await eks
    .send(new DeletePodIdentityAssociationCommand({ clusterName, associationId: id }))
    .catch((err: unknown) => {
      if ((err as { name?: string }).name !== 'ResourceNotFoundException')
        throw eksError('DeletePodIdentityAssociation', err);
    });
  return true;
}
