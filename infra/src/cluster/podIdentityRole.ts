import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * A role that EKS Pod Identity may hand to pods of `cluster` only: the trust policy names the
 * service, the account and the cluster, so another cluster in the account cannot use it.
 */
export function podIdentityRole(
  scope: Construct,
  id: string,
  cluster: eks.ICluster,
  roleName: string | undefined,
  statements: iam.PolicyStatement[],
  managedPolicies: iam.IManagedPolicy[] = [],
): iam.Role {
  // Pod Identity assumes the role with session tags (namespace, service account, pod), hence TagSession.
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.SessionTagsPrincipal(
      new iam.ServicePrincipal('pods.eks.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': cluster.stack.account },
        ArnEquals: { 'aws:SourceArn': cluster.clusterArn },
      }),
    ),
    managedPolicies,
    roleName,
  });
  if (statements.length) {
    role.attachInlinePolicy(new iam.Policy(scope, `${id}Policy`, { statements }));
  }
  return role;
}
