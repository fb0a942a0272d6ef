import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { fakeImageServerApi } from './__fixtures__/fakeImageServerApi';
import { renderWithApi } from './__fixtures__/renderWithApi';
import imageServerPlugin, { imageServersPage } from './alpha';
import { imageServerPlugin as legacyPlugin } from './plugin';

describe('the ./alpha plugin', () => {
  it('mounts the page at /image-servers', () => {
    expect(createExtensionTester(imageServersPage).get(coreExtensionData.routePath)).toBe('/image-servers');
  });

  it('uses the configured refresh interval as the list default', async () => {
    const tester = createExtensionTester(imageServersPage, { config: { refreshIntervalSeconds: 30 } });
    renderWithApi(tester.reactElement(), {
      api: fakeImageServerApi(),
      mountPath: '/image-servers/*',
      initialRouteEntries: ['/image-servers'],
    });
    expect(await screen.findByText(/refreshed every 30 s/)).toBeInTheDocument();
  });

  it('refuses a refresh interval that is not a whole number of seconds', () => {
    expect(() =>
      createExtensionTester(imageServersPage, { config: { refreshIntervalSeconds: 1.5 } }).reactElement(),
    ).toThrow();
  });

  it('is the image-server plugin in both frontend systems', () => {
    expect(imageServerPlugin.pluginId).toBe('image-server');
    expect(legacyPlugin.getId()).toBe('image-server');
  });
});
