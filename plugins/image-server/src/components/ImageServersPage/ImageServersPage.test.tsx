import { screen } from '@testing-library/react';
import { fakeImageServerApi, prodRef } from '../../__fixtures__/fakeImageServerApi';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { ImageServersPage } from './ImageServersPage';

describe('ImageServersPage', () => {
  it('routes the root to the list, with links to each server', async () => {
    renderWithApi(<ImageServersPage refreshIntervalSeconds={0} />, {
      api: fakeImageServerApi(),
      mountPath: '/image-servers/*',
      initialRouteEntries: ['/image-servers'],
    });
    expect(await screen.findByRole('heading', { name: 'Image servers' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'photos' })).toHaveAttribute(
      'href',
      '/image-servers/prod/media/photos',
    );
    expect(screen.getByRole('link', { name: 'Create image server' })).toHaveAttribute(
      'href',
      '/image-servers/create',
    );
  });

  it('routes a server path to its page, and ?tab=images to its gallery', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<ImageServersPage refreshIntervalSeconds={0} />, {
      api,
      mountPath: '/image-servers/*',
      initialRouteEntries: ['/image-servers/prod/media/photos?tab=images'],
    });
    expect(await screen.findAllByTestId('gallery-item')).toHaveLength(2);
    expect(api.listImages).toHaveBeenCalledWith(prodRef, expect.anything());
  });
});
