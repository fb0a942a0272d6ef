import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeKubeApiServer } from '@imageserver/fake-kube-apiserver';
import { parse } from 'yaml';

const CRD_FILE = path.join(__dirname, '../../../../operator/config/crd/imageservers.imageserver.dev.yaml');
export const FAKE_TOKEN = 'portal-test-token';

/** The fake Kubernetes API server with the ImageServer CRD installed and two namespaces. */
export async function startFakeCluster(): Promise<{
  api: FakeKubeApiServer;
  url: string;
  stop(): Promise<void>;
}> {
  const api = new FakeKubeApiServer({ token: FAKE_TOKEN, namespaces: ['default', 'team-a'] });
  const { url } = await api.start();
  api.create(parse(readFileSync(CRD_FILE, 'utf8')));
  return { api, url, stop: () => api.stop() };
}

/** `imageServer.kubernetes.clusters` entry for the fake. */
export function fakeClusterConfig(name: string, url: string) {
  return { name, authProvider: 'serviceAccount', url, serviceAccountToken: FAKE_TOKEN, skipTLSVerify: true };
}
