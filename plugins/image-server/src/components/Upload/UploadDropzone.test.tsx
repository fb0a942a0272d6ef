import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ImageServerApiError } from '../../api';
import type { UploadRequest } from '../../api';
import { fakeImageServerApi, image, localRef } from '../../__fixtures__/fakeImageServerApi';
import { renderWithApi } from '../../__fixtures__/renderWithApi';
import { UploadDropzone } from './UploadDropzone';
import { refusalMessage } from './uploadQueue';

const file = (name: string, type = 'image/png') => new File(['0123456789'], name, { type });

describe('UploadDropzone', () => {
  it('uploads every dropped file with its own progress bar and reports refused files', async () => {
    const api = fakeImageServerApi();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    api.uploadImage.mockImplementation(async (_ref, req: UploadRequest) => {
      if (req.file.name === 'notes.txt') {
        throw new ImageServerApiError(415, {
          title: 'Unsupported media type',
          detail: 'text/plain is not an image',
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
      }
      req.onProgress?.(0.4);
      if (req.file.name === 'b.png') await held;
      req.onProgress?.(1);
      return image(`id-${req.file.name}`);
    });
    const onUploaded = jest.fn();
    renderWithApi(<UploadDropzone serverRef={localRef} onUploaded={onUploaded} />, { api });

    const zone = await screen.findByRole('region', { name: 'Upload images' });
    fireEvent.drop(zone, {
      dataTransfer: { files: [file('a.png'), file('b.png'), file('notes.txt', 'text/plain')] },
    });

    const uploads = await screen.findByRole('list', { name: 'Uploads' });
    await waitFor(() =>
      expect(within(uploads).getByLabelText('Upload progress of b.png')).toHaveAttribute('value', '0.4'),
    );
    expect(within(uploads).getByText('40%')).toBeInTheDocument();
    expect(await within(uploads).findByRole('alert')).toHaveTextContent(
      'notes.txt: Unsupported media type text/plain is not an image',
    );
    await waitFor(() =>
      expect(within(uploads).getByLabelText('Upload progress of a.png')).toHaveAttribute('value', '1'),
    );

    release();
    await waitFor(() => expect(onUploaded).toHaveBeenCalledTimes(2));
    expect(onUploaded.mock.calls.map(([i]) => i.id).sort()).toEqual(['id-a.png', 'id-b.png']);
    expect(within(uploads).getAllByRole('alert')).toHaveLength(1);
    expect(within(uploads).queryByLabelText('Upload progress of notes.txt')).not.toBeInTheDocument();
  });

  it('sends the chosen tags and visibility with files picked through the file input', async () => {
    const api = fakeImageServerApi();
    renderWithApi(<UploadDropzone serverRef={localRef} />, { api });
    fireEvent.change(await screen.findByRole('textbox', { name: 'Tags for these uploads' }), {
      target: { value: 'cat, garden ,' },
    });
    fireEvent.change(screen.getByLabelText('Choose images to upload'), {
      target: { files: [file('c.png')] },
    });
    await waitFor(() => expect(api.uploadImage).toHaveBeenCalled());
    expect(api.uploadImage.mock.calls[0]![1]).toMatchObject({
      tags: ['cat', 'garden'],
      visibility: undefined,
    });
  });
});

describe('refusalMessage', () => {
  it('uses the server words, else explains the status', () => {
    expect(refusalMessage(413)).toBe('The file is larger than this server accepts.');
    expect(refusalMessage(422, undefined, 'truncated JPEG')).toBe(
      'The image is corrupt or cannot be decoded. truncated JPEG',
    );
    expect(refusalMessage(413, 'Payload Too Large', 'limit is 50 MB')).toBe(
      'Payload Too Large limit is 50 MB',
    );
    expect(refusalMessage(0)).toBe('Upload failed');
  });
});
