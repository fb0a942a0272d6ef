import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeKubeApiServer } from '@imageserver/fake-kube-apiserver';
import { parse, stringify } from 'yaml';
import { buildKubeConfig } from './buildKubeConfig';
import { ClusterClient } from './ClusterClient';

/** Each way of reaching a cluster, against the fake API server. */
let api: FakeKubeApiServer;
let url: string;
let dir: string;

beforeAll(async () => {
  api = new FakeKubeApiServer({ token: 'kc-token', namespaces: ['team-a'] });
  ({ url } = await api.start());
  api.registerResource({
    group: 'imageserver.dev',
    version: 'v1alpha1',
    kind: 'ImageServer',
    plural: 'imageservers',
    namespaced: true,
    hasStatus: true,
  });
  api.create({
    apiVersion: 'imageserver.dev/v1alpha1',
    kind: 'ImageServer',
    metadata: { name: 'one', namespace: 'team-a' },
    spec: {},
  } as never);
  dir = await mkdtemp(path.join(tmpdir(), 'portal-kubeconfig-'));
});

afterAll(async () => {
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

const names = async (client: ClusterClient) => (await client.listServers()).map((s) => s.metadata.name);

describe('buildKubeConfig', () => {
  it('uses a service-account token against a URL', async () => {
    const kc = buildKubeConfig({
      name: 'sa',
      authProvider: 'serviceAccount',
      url,
      serviceAccountToken: 'kc-token',
      skipTLSVerify: true,
    });
    expect(await names(new ClusterClient('sa', kc, { timeoutMs: 2000 }))).toEqual(['one']);
  });

  it('uses the chosen context of a kubeconfig file', async () => {
    // Two contexts: the current one has a wrong token, the chosen one the right token.
    const config = parse(api.kubeconfig('team-a'));
    config.users.push({ name: 'wrong', user: { token: 'nope' } });
    config.contexts.push({ name: 'wrong', context: { cluster: 'fake', user: 'wrong' } });
    config['current-context'] = 'wrong';
    const file = path.join(dir, 'config');
    await writeFile(file, stringify(config));

    const chosen = buildKubeConfig({
      name: 'kc',
      authProvider: 'kubeconfig',
      kubeconfigPath: file,
      context: 'fake',
    });
    expect(await names(new ClusterClient('kc', chosen, { timeoutMs: 2000, namespaces: ['team-a'] }))).toEqual(
      ['one'],
    );

    const current = buildKubeConfig({ name: 'kc', authProvider: 'kubeconfig', kubeconfigPath: file });
    await expect(new ClusterClient('kc', current, { timeoutMs: 2000 }).listServers()).rejects.toMatchObject({
      errorType: 'FORBIDDEN',
      status: 401,
    });
  });
});
