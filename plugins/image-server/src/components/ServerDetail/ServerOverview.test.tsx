import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImageServerApiError } from '../../api';
import {
  fakeImageServerApi,
  localSummary,
  prodDetails,
  prodRef,
} from '../../__fixtures__/fakeImageServerApi';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { chartSpecs } from './MetricsCharts';
import { ServerOverview } from './ServerOverview';

describe('ServerOverview', () => {
  it('shows health, endpoints, replicas, autoscaling, conditions with reasons and events', async () => {
    renderWithApi(<ServerOverview serverRef={prodRef} pollSeconds={0} />, { api: fakeImageServerApi() });
    expect(await screen.findByText('Degraded (BucketUnavailable)')).toBeInTheDocument();
    expect(screen.getByText('https://cdn.photos.example.com')).toBeInTheDocument();
    expect(screen.getByText(/1 ready \/ 3 desired/)).toBeInTheDocument();
    expect(screen.getByText(/2–5 replicas, now 3 \(wants 3\), CPU 41% of 70%/)).toBeInTheDocument();

    const conditions = screen.getByRole('grid', { name: 'Conditions' });
    const ready = within(conditions).getByText('Ready').closest('[role="row"]') as HTMLElement;
    expect(within(ready).getByText('BucketUnavailable')).toBeInTheDocument();
    expect(within(ready).getByText('bucket photos: access denied')).toBeInTheDocument();

    const events = screen.getByRole('grid', { name: 'Events' });
    expect(within(events).getByText('BucketAccessDenied')).toBeInTheDocument();
    expect(within(events).getByText('HeadBucket returned 403')).toBeInTheDocument();
  });

  it('draws one chart per measure and the stats', async () => {
    renderWithApi(<ServerOverview serverRef={prodRef} pollSeconds={0} />, { api: fakeImageServerApi() });
    await screen.findByText('Degraded (BucketUnavailable)');
    for (const spec of chartSpecs)
      expect(screen.getByRole('region', { name: spec.title })).toBeInTheDocument();
    expect(await screen.findByText('2.5 MB')).toBeInTheDocument();
    expect(screen.getAllByText('75.0%').length).toBeGreaterThan(0);
    // The latest p95 latency of the snapshot (42 ms) heads its chart.
    expect(await screen.findByText('42')).toBeInTheDocument();
    // A rate needs a second snapshot; until then its chart says so instead of a dash.
    const uploads = screen.getByRole('region', { name: 'Uploads per minute' });
    expect(within(uploads).getByText('waiting for data')).toBeInTheDocument();
  });

  it('keeps the overview and warns when the metrics cannot be read', async () => {
    const api = fakeImageServerApi();
    api.getMetrics.mockRejectedValue(
      new ImageServerApiError(502, { title: 'Bad Gateway', detail: 'metrics of photos did not answer' }),
    );
    renderWithApi(<ServerOverview serverRef={prodRef} pollSeconds={0} />, { api });
    expect(await screen.findByText('Warning: Metrics unavailable')).toBeInTheDocument();
    expect(screen.getAllByText(/metrics of photos did not answer/).length).toBeGreaterThan(0);
    expect(screen.getByText('Degraded (BucketUnavailable)')).toBeInTheDocument();
    expect(screen.getAllByText('waiting for data')).toHaveLength(chartSpecs.length);
  });

  it('says so when a static server has no conditions and cannot be deleted here', async () => {
    const api = fakeImageServerApi();
    api.getServer.mockResolvedValue({
      ...localSummary,
      conditions: [],
      events: [],
      endpoints: { api: 'http://localhost:7070' },
    });
    renderWithApi(<ServerOverview serverRef={localSummary.ref} pollSeconds={0} />, { api });
    expect(
      await screen.findByText(/No conditions reported \(static servers have none\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('No recent events.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete server' })).not.toBeInTheDocument();
  });

  it('shows the error when the server cannot be read', async () => {
    const api = fakeImageServerApi();
    api.getServer.mockRejectedValue(
      new ImageServerApiError(404, { title: 'Not Found', detail: 'no image server prod/media/photos' }),
    );
    renderWithApi(<ServerOverview serverRef={prodRef} pollSeconds={0} />, { api });
    expect((await screen.findAllByText(/no image server prod\/media\/photos/)).length).toBeGreaterThan(0);
  });

  it('deletes only after confirmation', async () => {
    const api = fakeImageServerApi();
    const onDeleted = jest.fn();
    renderWithApi(<ServerOverview serverRef={prodRef} pollSeconds={0} onDeleted={onDeleted} />, { api });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete server' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Its bucket is kept \(deletion policy Retain\)/)).toBeInTheDocument();
    expect(api.deleteServer).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(api.deleteServer).toHaveBeenCalledWith(prodDetails.ref);
  });

  it('disables delete without the delete permission', async () => {
    renderWithApi(<ServerOverview serverRef={prodRef} pollSeconds={0} />, {
      api: fakeImageServerApi(),
      allowed: false,
    });
    await screen.findByText('Degraded (BucketUnavailable)');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Delete server' })).toBeDisabled());
  });
});
