import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImageServerApiError } from '../../api';
import { fakeImageServerApi, image, localRef } from '../../__fixtures__/fakeImageServerApi';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { Gallery } from './Gallery';

describe('Gallery', () => {
  it('shows thumbnails fetched through the API, with their tags', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const items = await screen.findAllByTestId('gallery-item');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('cat')).toBeInTheDocument();
    expect(within(items[0]!).getByText('garden')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(items[0]!).getByRole('img')).toHaveAttribute('src', expect.stringMatching(/^blob:/)),
    );
    expect(api.getImageContent).toHaveBeenCalledWith(localRef, 'img1', 'p_thumb');
  });

  it('filters by a tag picked from an image and searches by text', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('gallery-item');
    api.listImages.mockResolvedValue({ items: [image('img2', [['dog', 'mobilenet']])], nextCursor: null });
    await user.click(within(items[1]!).getByText('dog'));
    await waitFor(() =>
      expect(api.listImages).toHaveBeenLastCalledWith(localRef, expect.objectContaining({ tag: 'dog' })),
    );
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(1));
    expect(screen.getByText(/1 image tagged dog/)).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Search images' }), 'garden');
    await waitFor(() =>
      expect(api.listImages).toHaveBeenLastCalledWith(
        localRef,
        expect.objectContaining({ q: 'garden', tag: 'dog' }),
      ),
    );
  });

  it('loads the next page with the cursor', async () => {
    const api = fakeImageServerApi();
    api.listImages
      .mockResolvedValueOnce({ items: [image('a')], nextCursor: 'c1' })
      .mockResolvedValueOnce({ items: [image('b')], nextCursor: null });
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(2));
    expect(api.listImages).toHaveBeenLastCalledWith(localRef, expect.objectContaining({ cursor: 'c1' }));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('loads the next page when the end of the grid scrolls into view', async () => {
    // jsdom has no IntersectionObserver; this one reports the sentinel visible as soon as it is observed.
    const observed: Element[] = [];
    class VisibleAtOnce {
      constructor(private readonly callback: IntersectionObserverCallback) {}
      observe(el: Element) {
        observed.push(el);
        setTimeout(
          () =>
            this.callback([{ isIntersecting: true, target: el } as IntersectionObserverEntry], this as never),
          0,
        );
      }
      disconnect() {}
    }
    const real = globalThis.IntersectionObserver;
    globalThis.IntersectionObserver = VisibleAtOnce as unknown as typeof IntersectionObserver;
    try {
      const api = fakeImageServerApi();
      api.listImages
        .mockResolvedValueOnce({ items: [image('a')], nextCursor: 'c1' })
        .mockResolvedValueOnce({ items: [image('b')], nextCursor: null });
      renderWithApi(<Gallery serverRef={localRef} />, { api });
      await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(2));
      expect(api.listImages).toHaveBeenLastCalledWith(localRef, expect.objectContaining({ cursor: 'c1' }));
      expect(observed.length).toBeGreaterThan(0);
    } finally {
      globalThis.IntersectionObserver = real;
    }
  });

  it('opens an image with its automatic and user tags and moderation state', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('gallery-item');
    await user.click(within(items[0]!).getByRole('button', { name: 'Open image img1' }));
    const dialog = await screen.findByRole('dialog');
    const automatic = await within(dialog).findByRole('grid', { name: 'Automatic tags' });
    expect(within(automatic).getByText(/cat 90% \(mobilenet\)/)).toBeInTheDocument();
    expect(
      within(within(dialog).getByRole('grid', { name: 'User tags' })).getByText('garden'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('moderation: flagged')).toBeInTheDocument();
    expect(api.getImageContent).toHaveBeenCalledWith(localRef, 'img1', 'p_medium');
  });

  it('deletes an image after confirmation and drops it from the grid', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('gallery-item');
    await user.click(within(items[0]!).getByRole('button', { name: 'Open image img1' }));
    await user.click(await screen.findByRole('button', { name: 'Delete image' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete this image?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(1));
    expect(api.deleteImage).toHaveBeenCalledWith(localRef, 'img1');
  });

  it('keeps the image and shows the reason when the server refuses the delete', async () => {
    const api = fakeImageServerApi();
    api.deleteImage.mockRejectedValue(
      new ImageServerApiError(403, { title: 'Forbidden', detail: 'not allowed to delete img1' }),
    );
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('gallery-item');
    await user.click(within(items[0]!).getByRole('button', { name: 'Open image img1' }));
    await user.click(await screen.findByRole('button', { name: 'Delete image' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete this image?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent(/not allowed to delete img1/);
    expect(screen.getAllByTestId('gallery-item')).toHaveLength(2);
  });

  it('shows the error in the image dialog when the image cannot be read', async () => {
    const api = fakeImageServerApi();
    api.getImage.mockRejectedValue(
      new ImageServerApiError(404, { title: 'Not Found', detail: 'no image img1' }),
    );
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('gallery-item');
    await user.click(within(items[0]!).getByRole('button', { name: 'Open image img1' }));
    const dialog = await screen.findByRole('dialog');
    expect((await within(dialog).findAllByText(/no image img1/)).length).toBeGreaterThan(0);
    expect(within(dialog).getByRole('button', { name: 'Delete image' })).toBeDisabled();
  });

  it('shows an empty state when the server holds no images', async () => {
    const api = fakeImageServerApi();
    api.listImages.mockResolvedValue({ items: [], nextCursor: null });
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    expect(await screen.findByText('No images yet')).toBeInTheDocument();
  });

  it('shows the error when listing fails', async () => {
    const api = fakeImageServerApi();
    api.listImages.mockRejectedValue(
      new ImageServerApiError(502, { title: 'Bad Gateway', detail: 'image server local did not answer' }),
    );
    renderWithApi(<Gallery serverRef={localRef} />, { api });
    expect((await screen.findAllByText(/image server local did not answer/)).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('gallery-item')).not.toBeInTheDocument();
  });

  it('hides the upload zone without the upload permission', async () => {
    renderWithApi(<Gallery serverRef={localRef} />, {
      api: fakeImageServerApi(),
      allowed: (name) => !name.includes('upload'),
    });
    await screen.findAllByTestId('gallery-item');
    expect(screen.queryByRole('region', { name: 'Upload images' })).not.toBeInTheDocument();
  });
});
