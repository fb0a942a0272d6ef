import { ConfigReader } from '@backstage/config';
import { readImageServerConfig } from './readImageServerConfig';

describe('readImageServerConfig', () => {
  it('reads static servers and clusters with their defaults', () => {
    const config = readImageServerConfig(
      new ConfigReader({
        imageServer: {
          static: [{ name: 'local', url: 'http://localhost:7070/', adminKey: 'k' }],
          kubernetes: { clusters: [{ name: 'prod', authProvider: 'inCluster', namespaces: ['images'] }] },
        },
      }),
    );
    expect(config).toEqual({
      static: [
        {
          name: 'local',
          url: 'http://localhost:7070',
          adminKey: 'k',
          maxUploadBytes: 50_000_000,
          owner: undefined,
        },
      ],
      clusters: [{ name: 'prod', authProvider: 'inCluster', namespaces: ['images'] }],
      requestTimeoutMs: 5000,
    });
  });

  it('is empty without an imageServer section', () => {
    expect(readImageServerConfig(new ConfigReader({}))).toEqual({
      static: [],
      clusters: [],
      requestTimeoutMs: 5000,
    });
  });

  it('lists every problem at once', () => {
    expect(() =>
      readImageServerConfig(
        new ConfigReader({
          imageServer: {
            static: [
              { name: 'Local', url: 'localhost:7070', maxUploadBytes: -1 },
              { name: 'a', url: 'http://a' },
              { name: 'a', url: 'http://b' },
            ],
            kubernetes: {
              clusters: [
                { name: 'static', authProvider: 'inCluster' },
                { name: 'x', authProvider: 'serviceAccount' },
                { name: 'y', authProvider: 'magic' },
              ],
            },
          },
        }),
      ),
    ).toThrow(
      [
        'Invalid imageServer configuration:',
        '  - imageServer.static[0].name: must start with a lowercase letter and contain only lowercase letters, digits and "-"',
        '  - imageServer.static[0].url: expected an http(s) URL but received "localhost:7070"',
        '  - imageServer.static[0].maxUploadBytes: expected a positive integer but received -1',
        '  - imageServer.kubernetes.clusters[0].name: "static" is reserved for imageServer.static',
        '  - imageServer.kubernetes.clusters[1].url: is required for authProvider serviceAccount',
        '  - imageServer.kubernetes.clusters[1].serviceAccountToken: is required for authProvider serviceAccount',
        '  - imageServer.kubernetes.clusters[2].authProvider: expected one of serviceAccount, kubeconfig, inCluster but received "magic"',
        '  - imageServer.static: name "a" is used twice',
      ].join('\n'),
    );
  });
});
