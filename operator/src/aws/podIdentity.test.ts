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

const client = new EKSClient({ region: 'eu-west-1' });
const mock = mockClient(client);
afterEach(() => mock.reset());
afterAll(() => mock.restore());

const req = {
  clusterName: 'prod',
  namespace: 'shop',
  serviceAccount: 'catalog',
  roleArn: 'arn:aws:iam::123456789012:role/imageserver-workload',
  tags: { 'imageserver.dev/owner': 'shop/catalog' },
};

describe('ensurePodIdentity', () => {
  it('creates the association with session tags on and no session policy (the role scopes by tags)', async () => {
    mock.on(ListPodIdentityAssociationsCommand).resolves({ associations: [] });
    mock.on(CreatePodIdentityAssociationCommand).resolves({});
    expect(await ensurePodIdentity(client, req)).toBe('created');
    expect(mock.commandCalls(CreatePodIdentityAssociationCommand)[0]!.args[0].input).toEqual({
      ...req,
      disableSessionTags: false,
    });
  });

  it('does nothing when the association matches, and updates the role or turns session tags back on', async () => {
    mock.on(ListPodIdentityAssociationsCommand).resolves({ associations: [{ associationId: 'a-1' }] });
    mock
      .on(DescribePodIdentityAssociationCommand)
      .resolves({ association: { roleArn: req.roleArn, disableSessionTags: false } });
    expect(await ensurePodIdentity(client, req)).toBeUndefined();
    mock.on(UpdatePodIdentityAssociationCommand).resolves({});
    for (const association of [
      { roleArn: 'arn:aws:iam::123456789012:role/other', disableSessionTags: false },
      { roleArn: req.roleArn, disableSessionTags: true },
    ]) {
      mock.on(DescribePodIdentityAssociationCommand).resolves({ association });
      expect(await ensurePodIdentity(client, req)).toBe('updated');
    }
    expect(mock.commandCalls(UpdatePodIdentityAssociationCommand).map((c) => c.args[0].input)).toEqual([
      { clusterName: 'prod', associationId: 'a-1', roleArn: req.roleArn, disableSessionTags: false },
      { clusterName: 'prod', associationId: 'a-1', roleArn: req.roleArn, disableSessionTags: false },
    ]);
    expect(mock.commandCalls(CreatePodIdentityAssociationCommand)).toHaveLength(0);
  });

  it('replaces an association that still carries a session policy (from an older operator)', async () => {
    mock.on(ListPodIdentityAssociationsCommand).resolves({ associations: [{ associationId: 'a-1' }] });
    mock.on(DescribePodIdentityAssociationCommand).resolves({
      association: { roleArn: req.roleArn, policy: '{"Version":"2012-10-17"}', disableSessionTags: true },
    });
    mock.on(DeletePodIdentityAssociationCommand).resolves({});
    mock.on(CreatePodIdentityAssociationCommand).resolves({});
    expect(await ensurePodIdentity(client, req)).toBe('replaced');
    expect(mock.commandCalls(DeletePodIdentityAssociationCommand)[0]!.args[0].input).toEqual({
      clusterName: 'prod',
      associationId: 'a-1',
    });
    expect(mock.commandCalls(CreatePodIdentityAssociationCommand)[0]!.args[0].input).toEqual({
      ...req,
      disableSessionTags: false,
    });
    expect(mock.commandCalls(UpdatePodIdentityAssociationCommand)).toHaveLength(0);
  });

  it('reports a failed EKS call as a retryable AWS_API error', async () => {
    mock
      .on(ListPodIdentityAssociationsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(ensurePodIdentity(client, req)).rejects.toMatchObject({
      code: 'AWS_API',
      terminal: false,
      message: 'EKS ListPodIdentityAssociations failed: AccessDeniedException',
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
