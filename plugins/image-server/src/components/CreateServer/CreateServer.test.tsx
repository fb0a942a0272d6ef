import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImageServerApiError } from '../../api';
import { fakeImageServerApi, localSummary, prodSummary } from '../../__fixtures__/fakeImageServerApi';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { CreateServerForm } from './CreateServerForm';
import { CreateServerPage, suggestCluster } from './CreateServerPage';

describe('CreateServerForm', () => {
  it('shows the problems and sends nothing while the form breaks CRD rules', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<CreateServerForm defaultCluster="prod" onSubmit={api.createServer} />, { api });
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Bad_Name');
    await user.clear(screen.getByRole('textbox', { name: 'Minimum replicas' }));
    await user.type(screen.getByRole('textbox', { name: 'Minimum replicas' }), '9');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText(/Fix 2 problems before creating/)).toBeInTheDocument();
    expect(screen.getByText(/Name must start with a lowercase letter/)).toBeInTheDocument();
    expect(screen.getByText('Maximum replicas must be at least the minimum')).toBeInTheDocument();
    expect(api.createServer).not.toHaveBeenCalled();
  });

  it('sends the request built from the form and reports the created server', async () => {
    const api = fakeImageServerApi();
    const onCreated = jest.fn();
    renderWithApi(
      <CreateServerForm defaultCluster="prod" onSubmit={api.createServer} onCreated={onCreated} />,
      { api },
    );
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'photos');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.createServer).toHaveBeenCalledWith(
      expect.objectContaining({
        cluster: 'prod',
        namespace: 'default',
        name: 'photos',
        spec: expect.objectContaining({
          autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilization: 70 },
          storage: expect.objectContaining({ bucket: 'imageserver-default-photos' }),
          tagging: { mode: 'inline' },
          defaultVisibility: 'public',
        }),
      }),
    );
  });

  it('keeps the form and shows why when the backend refuses', async () => {
    const api = fakeImageServerApi();
    api.createServer.mockRejectedValue(
      new ImageServerApiError(409, { title: 'Conflict', detail: 'photos already exists in media' }),
    );
    renderWithApi(<CreateServerForm defaultCluster="prod" onSubmit={api.createServer} />, { api });
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'photos');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('The image server was not created')).toBeInTheDocument();
    expect(screen.getByText('Conflict: photos already exists in media')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('photos');
  });
});

describe('CreateServerPage', () => {
  it('explains how to connect a cluster when none is configured', async () => {
    const api = fakeImageServerApi({ items: [localSummary], clustersConfigured: false });
    renderWithApi(<CreateServerPage />, { api });
    expect(await screen.findByText('Connect a cluster to create image servers')).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('shows the form with a cluster suggested from the list', async () => {
    renderWithApi(<CreateServerPage />, { api: fakeImageServerApi() });
    expect(await screen.findByRole('textbox', { name: 'Cluster' })).toHaveValue('prod');
  });

  it('refuses users without the create permission', async () => {
    renderWithApi(<CreateServerPage />, { api: fakeImageServerApi(), allowed: false });
    expect(await screen.findByText(/You may not create image servers/)).toBeInTheDocument();
  });

  it('suggests a cluster that holds servers, else one that answered with an error', () => {
    expect(suggestCluster({ items: [localSummary, prodSummary], errors: [], clustersConfigured: true })).toBe(
      'prod',
    );
    expect(
      suggestCluster({
        items: [localSummary],
        errors: [{ cluster: 'eu', errorType: 'FORBIDDEN', message: '' }],
        clustersConfigured: true,
      }),
    ).toBe('eu');
  });
});
