/** A read-through cache of small records, shared by every replica when Redis is configured. */
export interface RecordCache<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  /** Removes the key from every layer, on every replica. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface Codec<T> {
  encode(value: T): string;
  decode(raw: string): T;
}
