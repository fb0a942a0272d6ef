import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { deletePodIdentity, ensurePodIdentity } from './podIdentity';
import { buildSessionPolicy } from './sessionPolicy';

const client = new EKSClient({ region: 'eu-west-1' });
const mock = mockClient(client);
afterEach(() => mock.reset());
afterAll(() => mock.restore());

const policy = buildSessionPolicy('arn:aws:s3:::shop-images', 'catalog/');
const req = {
  clusterName: 'prod',
  namespace: 'shop',
  serviceAccount: 'catalog',
  roleArn: 'arn:aws:iam::123456789012:role/imageserver-workload',
  policy,
  tags: { 'imageserver.dev/owner': 'shop/catalog' },
};

describe('ensurePodIdentity', () => {
  it('creates the association with the session policy and session tags off (an EKS rule)', async () => {
    mock.on(ListPodIdentityAssociationsCommand).resolves({ associations: [] });
    mock.on(CreatePodIdentityAssociationCommand).resolves({});
    expect(await ensurePodIdentity(client, req)).toBe('created');
    expect(mock.commandCalls(CreatePodIdentityAssociationCommand)[0]!.args[0].input).toEqual({
      ...req,
      disableSessionTags: true,
    });
  });

  it('does nothing when the association matches, and updates it when it does not', async () => {
    mock.on(ListPodIdentityAssociationsCommand).resolves({ associations: [{ associationId: 'a-1' }] });
    mock
      .on(DescribePodIdentityAssociationCommand)
      .resolves({ association: { roleArn: req.roleArn, policy, disableSessionTags: true } });
    expect(await ensurePodIdentity(client, req)).toBeUndefined();
    mock
      .on(DescribePodIdentityAssociationCommand)
      .resolves({ association: { roleArn: req.roleArn, policy: '{}', disableSessionTags: true } });
    mock.on(UpdatePodIdentityAssociationCommand).resolves({});
    expect(await ensurePodIdentity(client, req)).toBe('updated');
    expect(mock.commandCalls(UpdatePodIdentityAssociationCommand)[0]!.args[0].input).toMatchObject({
      associationId: 'a-1',
      policy,
    });
  });

  it('deletes the association of a ServiceAccount', async () => {
    mock.on(ListPodIdentityAssociationsCommand).resolves({ associations: [{ associationId: 'a-1' }] });
    mock.on(DeletePodIdentityAssociationCommand).resolves({});
    expect(await deletePodIdentity(client, 'prod', 'shop', 'catalog')).toBe(true);
    expect(mock.commandCalls(DeletePodIdentityAssociationCommand)[0]!.args[0].input).toEqual({
      clusterName: 'prod',
      associationId: 'a-1',
    });
  });
});

describe('buildSessionPolicy', () => {
  it('narrows object access and listing to the prefix', () => {
    const doc = JSON.parse(policy);
    expect(doc.Statement[0].Resource).toBe('arn:aws:s3:::shop-images/catalog/*');
    expect(doc.Statement[1]).toMatchObject({
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': ['catalog/*'] } },
    });
  });
});
