import { screen, within } from '@testing-library/react';
import { ImageServerApiError } from '../../api';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { fakeImageServerApi, localSummary } from '../../__fixtures__/fakeImageServerApi';
import type { FakeApi } from '../../__fixtures__/fakeImageServerApi';
import { ServerList } from './ServerList';

function renderList(api: FakeApi, allowed = true) {
  return renderWithApi(<ServerList defaultRefreshSeconds={0} />, { api, allowed });
}

describe('ServerList', () => {
  it('lists servers with status, replicas, URL, owner and cluster', async () => {
    renderList(fakeImageServerApi());
    const table = await screen.findByRole('grid', { name: 'Image servers' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('local')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Healthy')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('http://localhost:7070')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Degraded (BucketUnavailable)')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('1/3')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('group:default/media')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('prod')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create image server' })).toBeInTheDocument();
  });

  it('hides the create button without the create permission', async () => {
    renderList(fakeImageServerApi(), false);
    await screen.findByRole('grid', { name: 'Image servers' });
    expect(screen.queryByRole('link', { name: 'Create image server' })).not.toBeInTheDocument();
  });

  it('says how to connect a cluster when none is configured and nothing is listed', async () => {
    renderList(fakeImageServerApi({ items: [], clustersConfigured: false }));
    expect(await screen.findByText('No Kubernetes cluster is connected')).toBeInTheDocument();
    expect(screen.getByText(/imageServer\.static/)).toBeInTheDocument();
  });

  it('shows an empty state when clusters are connected but hold no servers', async () => {
    renderList(fakeImageServerApi({ items: [], clustersConfigured: true }));
    expect(await screen.findByText('No image servers yet')).toBeInTheDocument();
  });

  it('keeps the servers that answered and reports the clusters that did not', async () => {
    renderList(
      fakeImageServerApi({
        items: [localSummary],
        errors: [{ cluster: 'eu', errorType: 'UNREACHABLE', message: 'connect ECONNREFUSED' }],
      }),
    );
    expect(await screen.findByText(/Cluster eu: UNREACHABLE/)).toBeInTheDocument();
    expect(screen.getByText('local')).toBeInTheDocument();
  });

  it('shows the backend error when the list cannot be loaded', async () => {
    const api = fakeImageServerApi();
    api.listServers.mockRejectedValue(
      new ImageServerApiError(503, { title: 'Service Unavailable', detail: 'backend starting' }),
    );
    renderList(api);
    expect((await screen.findAllByText(/backend starting/)).length).toBeGreaterThan(0);
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });
});
