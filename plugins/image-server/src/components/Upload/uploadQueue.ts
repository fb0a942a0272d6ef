/** One file's journey through the upload queue. */
export interface UploadItem {
  key: string;
  file: File;
  status: 'queued' | 'uploading' | 'done' | 'failed';
  /** Fraction of bytes sent, 0 to 1. */
  progress: number;
  /** Why the server refused the file, in words a user can act on. */
  error?: string;
  code?: string;
}

let counter = 0;

export function queueFiles(files: Iterable<File>): UploadItem[] {
  return [...files].map((file) => ({
    key: `${++counter}-${file.name}`,
    file,
    status: 'queued',
    progress: 0,
  }));
}

/** Explains a refusal by status when the server's own words are missing. */
export function refusalMessage(status: number, title?: string, detail?: string): string {
  const fallback: Record<number, string> = {
    413: 'The file is larger than this server accepts.',
    415: 'The file is not an image format this server accepts.',
    422: 'The image is corrupt or cannot be decoded.',
    403: 'You may not upload to this server.',
  };
  const head = title ?? fallback[status] ?? (status ? `Upload failed (HTTP ${status})` : 'Upload failed');
  return detail && detail !== head ? `${head} ${detail}` : head;
}
