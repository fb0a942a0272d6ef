import { mockServices } from '@backstage/backend-test-utils';
import { ClusterRequestError, type ClusterClient } from '../kubernetes';
import { ServerDirectory } from './ServerDirectory';

function failingCluster(name: string, error: ClusterRequestError): ClusterClient {
  return {
    name,
    listServers: async () => {
      throw error;
    },
  } as unknown as ClusterClient;
}

describe('ServerDirectory.list', () => {
  it('turns each cluster failure into an entry in errors and keeps going', async () => {
    const clusters = new Map([
      [
        'no-crd',
        failingCluster(
          'no-crd',
          new ClusterRequestError(
            'no-crd',
            'FETCH_ERROR',
            'the server could not find the requested resource',
            404,
          ),
        ),
      ],
      [
        'locked',
        failingCluster(
          'locked',
          new ClusterRequestError(
            'locked',
            'FORBIDDEN',
            'cluster locked: access denied: imageservers is forbidden',
            403,
          ),
        ),
      ],
    ]);
    const directory = new ServerDirectory(
      { static: [], clusters: [], requestTimeoutMs: 1000 },
      clusters,
      mockServices.logger.mock(),
    );
    expect(await directory.list()).toEqual({
      items: [],
      clustersConfigured: true,
      errors: [
        {
          cluster: 'no-crd',
          errorType: 'FETCH_ERROR',
          message: 'cluster no-crd: the ImageServer CRD (imageservers.imageserver.dev) is not installed',
        },
        {
          cluster: 'locked',
          errorType: 'FORBIDDEN',
          message: 'cluster locked: access denied: imageservers is forbidden',
        },
      ],
    });
  });

  it('says when no cluster is configured', async () => {
    const directory = new ServerDirectory(
      { static: [], clusters: [], requestTimeoutMs: 1000 },
      new Map(),
      mockServices.logger.mock(),
    );
    expect(await directory.list()).toEqual({ items: [], errors: [], clustersConfigured: false });
  });
});
