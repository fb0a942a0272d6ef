/** An upload body saved to a temporary file, validated for size only. */
export interface ReceivedUpload {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** The first bytes, for magic-byte sniffing. */
  readonly head: Buffer;
  /** Form fields (multipart) by name; empty for raw bodies. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Removes the temporary file; safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface ReceiveOptions {
  readonly tmpDir: string;
  readonly maxBytes: number;
  readonly headBytes: number;
}
