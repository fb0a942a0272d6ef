import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ImageServerApiError } from '../../api';
import { fakeImageServerApi, prodRef } from '../../__fixtures__/fakeImageServerApi';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { isImageServerAvailable, serverRefOfEntity } from './annotations';
import { EntityImageServerCard } from './EntityImageServerCard';
import { EntityImageServerContent } from './EntityImageServerContent';

const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'media-site', annotations },
  spec: {},
});

const annotated = entity({
  'imageserver.dev/name': 'photos',
  'imageserver.dev/cluster': 'prod',
  'imageserver.dev/namespace': 'media',
});

describe('entity annotations', () => {
  it('reads the server from the annotations, static and default when only the name is given', () => {
    expect(serverRefOfEntity(annotated)).toEqual(prodRef);
    expect(serverRefOfEntity(entity({ 'imageserver.dev/name': 'local' }))).toEqual({
      cluster: 'static',
      namespace: 'default',
      name: 'local',
    });
    expect(isImageServerAvailable(entity())).toBe(false);
    expect(isImageServerAvailable(entity({ 'imageserver.dev/name': ' ' }))).toBe(false);
  });
});

describe('EntityImageServerContent', () => {
  it('shows the missing annotation state for entities without the name annotation', async () => {
    renderWithApi(
      <EntityProvider entity={entity()}>
        <EntityImageServerContent />
      </EntityProvider>,
      { api: fakeImageServerApi() },
    );
    expect((await screen.findAllByText(/imageserver.dev\/name/)).length).toBeGreaterThan(0);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });

  it('shows the server of an annotated entity', async () => {
    const api = fakeImageServerApi();
    renderWithApi(
      <EntityProvider entity={annotated}>
        <EntityImageServerContent />
      </EntityProvider>,
      { api },
    );
    expect(await screen.findByText('Degraded (BucketUnavailable)')).toBeInTheDocument();
    expect(api.getServer).toHaveBeenCalledWith(prodRef);
  });

  it('shows why when the annotated server cannot be read', async () => {
    const api = fakeImageServerApi();
    api.getServer.mockRejectedValue(
      new ImageServerApiError(404, { title: 'Not Found', detail: 'no image server prod/media/photos' }),
    );
    renderWithApi(
      <EntityProvider entity={annotated}>
        <EntityImageServerContent />
      </EntityProvider>,
      { api },
    );
    expect((await screen.findAllByText(/no image server prod\/media\/photos/)).length).toBeGreaterThan(0);
  });
});

describe('EntityImageServerCard', () => {
  it('summarises health and numbers', async () => {
    renderWithApi(
      <EntityProvider entity={annotated}>
        <EntityImageServerCard />
      </EntityProvider>,
      { api: fakeImageServerApi() },
    );
    expect(await screen.findByText('Degraded (BucketUnavailable)')).toBeInTheDocument();
    expect(await screen.findByText(/2 images, 2.5 MB, 2 uploads in 24 h/)).toBeInTheDocument();
  });

  it('shows the missing annotation state without the annotation', async () => {
    renderWithApi(
      <EntityProvider entity={entity()}>
        <EntityImageServerCard />
      </EntityProvider>,
      { api: fakeImageServerApi() },
    );
    expect((await screen.findAllByText(/imageserver.dev\/name/)).length).toBeGreaterThan(0);
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });

  it('shows the error instead of the summary when the server cannot be read', async () => {
    const api = fakeImageServerApi();
    api.getServer.mockRejectedValue(
      new ImageServerApiError(503, { title: 'Service Unavailable', detail: 'cluster prod did not answer' }),
    );
    renderWithApi(
      <EntityProvider entity={annotated}>
        <EntityImageServerCard />
      </EntityProvider>,
      { api },
    );
    expect((await screen.findAllByText(/cluster prod did not answer/)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/uploads in 24 h/)).not.toBeInTheDocument();
  });
});
