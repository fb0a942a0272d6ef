/** Who may read an image without credentials. */
export type Visibility = 'public' | 'private';

export interface GpsCoordinates {
  latitude: number;
  longitude: number;
  altitude?: number;
}

/** The few EXIF fields worth keeping once the original's metadata has been read. */
export interface ExifSummary {
  make?: string;
  model?: string;
  lens?: string;
  /** ISO 8601. */
  takenAt?: string;
  gps?: GpsCoordinates;
}

/**
 * A tag as written. `name` is normalised on the way in (trimmed, whitespace collapsed, lowercased,
 * 1–64 characters); `source` says who set it (`user`, `exif`, a tagging service…), 1–32 characters
 * of `[a-z0-9._:-]`; `confidence`, when known, lies in 0…1.
 */
export interface TagInput {
  name: string;
  source: string;
  confidence?: number | null;
}

export interface Tag {
  name: string;
  source: string;
  confidence: number | null;
}

/** Everything known about an image when its upload completes. */
export interface NewImage {
  /** 1–64 characters; chosen by the caller. */
  id: string;
  /** Lowercase hex SHA-256 of the original bytes; unique across images. */
  sha256: string;
  contentType: string;
  format: string;
  width: number;
  height: number;
  orientation: number | null;
  hasAlpha: boolean;
  animated: boolean;
  frames: number;
  bytes: number;
  visibility: Visibility;
  exif: ExifSummary | null;
  /** Blob key of the untouched original. */
  storageKey: string;
  /** Blob key of the copy served to clients (metadata stripped); equals storageKey when nothing had to be stripped. */
  deliveryKey: string;
  deliveryBytes: number;
  tags: TagInput[];
}

/** A stored image. Tags are sorted by name, then source. */
export interface ImageRecord extends Omit<NewImage, 'tags'> {
  createdAt: Date;
  updatedAt: Date;
  tags: Tag[];
}

export interface ListImagesQuery {
  /** Only images carrying every one of these tags (any source); names are normalised like tags. */
  tags?: string[];
  visibility?: Visibility;
  /** Page size, 1–1000. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** With `tags`: a tag only counts when its confidence is at least this (tags without confidence, e.g. user tags, always count). */
  minConfidence?: number;
  /** Free text: every word must appear in the image's searchable text (labels, colour names, OCR text). */
  text?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

export interface ImageStats {
  images: number;
  /** Sum of the originals' sizes (what was uploaded), not counting delivery copies. */
  bytes: number;
  /** Images created in the 24 hours up to `now`. */
  uploadsLast24h: number;
}

/** Image metadata. Every method may throw AppError('DATABASE_UNAVAILABLE') when the database cannot be reached. */
export interface ImageRepository {
  /**
   * Stores an image and its tags atomically. With `holdForModeration`, the image is stored private,
   * its moderation `pending`, and gets the asked visibility when moderation passes (or an admin
   * approves it).
   * @throws DuplicateImageError (carrying existingId) when an image with the same sha256 exists (unique index; also under concurrent inserts).
   * @throws AppError('CONFLICT') when another image already has this id.
   * @throws AppError('INVALID_PARAMETER') when a field (id, sha256, visibility, tag…) is malformed; nothing is written.
   */
  create(image: NewImage, options?: { holdForModeration?: boolean }): Promise<ImageRecord>;
  findById(id: string): Promise<ImageRecord | undefined>;
  findBySha256(sha256: string): Promise<ImageRecord | undefined>;
  /**
   * Newest first, keyset pagination on (createdAt desc, id desc) with an opaque cursor; tags ANDed (any number).
   * @throws AppError('INVALID_CURSOR') when the cursor was not produced by this method or was altered.
   * @throws AppError('INVALID_PARAMETER') for a limit outside 1–1000 or a malformed tag.
   */
  list(query: ListImagesQuery): Promise<Page<ImageRecord>>;
  /**
   * userTags, when given, replaces the tags whose source is 'user' (automatic tags stay). Returns undefined when missing.
   * @throws AppError('INVALID_PARAMETER') for a malformed visibility or tag; nothing is written.
   */
  update(
    id: string,
    patch: { visibility?: Visibility; userTags?: string[] },
  ): Promise<ImageRecord | undefined>;
  /** Removes the row and its tags; returns what was removed, undefined when missing. */
  delete(id: string): Promise<ImageRecord | undefined>;
  /** Counts rows referencing a blob key as storageKey or deliveryKey (for safe blob deletion). */
  countBlobReferences(key: string): Promise<number>;
  stats(now?: Date): Promise<ImageStats>;
}

export type Scope = 'images:read' | 'images:write' | 'images:delete' | 'admin';

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  secretHash: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ApiKeyRepository {
  /**
   * @throws AppError('CONFLICT') when the id is taken.
   * @throws AppError('INVALID_PARAMETER') for an empty id or name, an unknown scope or an empty secretHash.
   */
  create(key: {
    id: string;
    name: string;
    scopes: Scope[];
    secretHash: string;
    expiresAt?: Date | null;
  }): Promise<ApiKeyRecord>;
  findById(id: string): Promise<ApiKeyRecord | undefined>;
  /** Oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Sets revokedAt (the first revocation time is kept); returns false when missing. */
  revoke(id: string, at?: Date): Promise<boolean>;
  /** Records use, at most once a minute per key (cheap on hot paths); never moves lastUsedAt backwards. */
  touch(id: string, at?: Date): Promise<void>;
}

export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  readonly images: ImageRepository;
  readonly apiKeys: ApiKeyRepository;
  /** Automatic tagging: per-tagger state, analysis results, tag counts and similarity. */
  readonly tagging: TaggingRepository;
  /** Applies pending migrations (idempotent, safe for concurrent replicas on PostgreSQL: use an advisory lock). */
  migrate(): Promise<void>;
  /** Cheap round trip for /readyz; @throws AppError('DATABASE_UNAVAILABLE'). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Called after every SQL statement with its duration (including waiting for a connection) and outcome. */
  onQuery?: (seconds: number, ok: boolean) => void;
  /** Receives one line per notable event (a migration applied). */
  logger?: (msg: string) => void;
}

export type TaggingStatus = 'pending' | 'done' | 'failed';

/** Where one tagger stands on one image. */
export interface TaggerState {
  tagger: string;
  /** The tagger version this state refers to. */
  version: number;
  status: TaggingStatus;
  /** Failed attempts so far (reset when the image is queued again). */
  attempts: number;
  /** Last failure, when there was one. */
  error: string | null;
  updatedAt: Date;
}

export interface TaggerId {
  name: string;
  version: number;
}

/** `pending`: stored private until moderation runs (MODERATION_POLICY=hold); `held`: flagged, private until approved. */
export type ModerationStatus = 'pending' | 'clean' | 'flagged' | 'held' | 'approved';

export interface Moderation {
  status: ModerationStatus;
  /** Class probabilities from the moderation model, e.g. `{ porn: 0.01, neutral: 0.97 }`. */
  scores: Record<string, number>;
}

/** What taggers found besides tags. */
export interface ImageAnalysis {
  /** ThumbHash, base64. */
  placeholder: string | null;
  /** 64-bit perceptual hash (dHash), 16 hex digits. */
  phash: string | null;
  /** Dominant colours, most common first, as `#rrggbb`. */
  palette: string[] | null;
  moderation: Moderation | null;
  /** Text read from the image (OCR). */
  text: string | null;
}

/** A tagger's output, written at once by `recordResult`. */
export interface TaggerOutcome {
  tags: { name: string; confidence: number }[];
  analysis?: Partial<Omit<ImageAnalysis, 'moderation'>> & {
    /** `held` makes the image private until approved (unless it was approved before). */
    moderation?: { flagged: boolean; hold: boolean; scores: Record<string, number> };
  };
}

export interface TagCount {
  name: string;
  count: number;
}

export interface SimilarImage {
  id: string;
  /** Hamming distance between the perceptual hashes, 0–64. */
  distance: number;
}

/** Every method may throw AppError('DATABASE_UNAVAILABLE'). */
export interface TaggingRepository {
  /**
   * Marks taggers as pending for an image. With `reset`, existing states are reset (re-tagging);
   * without, only taggers with no state yet get one (so a fast tagger's result is never overwritten).
   * Returns false when the image does not exist.
   */
  markPending(imageId: string, taggers: readonly TaggerId[], options?: { reset?: boolean }): Promise<boolean>;
  /** States by image id; images without any state map to []. */
  states(imageIds: readonly string[]): Promise<Map<string, TaggerState[]>>;
  /** Analysis by image id; images never analysed are absent. */
  analyses(imageIds: readonly string[]): Promise<Map<string, ImageAnalysis>>;
  /**
   * Replaces the tagger's tags (keeping those a user removed out), merges the analysis and marks the
   * tagger done, in one transaction. Returns the image's visibility change when moderation held it,
   * undefined when the image no longer exists.
   * @throws AppError('INVALID_PARAMETER') for a malformed tag; nothing is written.
   */
  recordResult(
    imageId: string,
    tagger: TaggerId,
    outcome: TaggerOutcome,
  ): Promise<{ held: boolean } | undefined>;
  /** Records a failed attempt: `final` marks the tagger failed, otherwise it stays pending for a retry. */
  recordFailure(imageId: string, tagger: TaggerId, error: string, options: { final: boolean }): Promise<void>;
  /**
   * Images whose state for this tagger is missing, at another version, or not done; ascending id
   * after `afterId`, so a backfill can resume where it stopped.
   */
  outdated(tagger: TaggerId, options: { afterId?: string; limit: number }): Promise<string[]>;
  countOutdated(tagger: TaggerId): Promise<number>;
  /** Marks every state of a tagger pending again (a forced re-run); returns how many. */
  invalidate(tagger: string): Promise<number>;
  /**
   * Removes an automatic tag (from one source, or every non-user source) and remembers the removal so
   * re-tagging does not bring it back. Returns how many tags were removed; 0 when none matched.
   */
  removeAutomaticTag(imageId: string, name: string, source?: string): Promise<number>;
  /** Approves a held or pending image: gives it the visibility it asked for. False when it is neither. */
  approve(imageId: string): Promise<boolean>;
  /**
   * Tag names with the number of images carrying them (a name from two sources counts an image once
   * unless `source` picks one), most used first, then by name; `prefix` is case-folded. Exact at once
   * after every write: read from counts kept in the writing transactions.
   */
  tagCounts(query: {
    prefix?: string;
    source?: string;
    visibility?: Visibility;
    limit: number;
  }): Promise<TagCount[]>;
  /** Images whose perceptual hash lies within `maxDistance` (≤ 3 is found through the band index) of this one's, nearest first. */
  similar(
    imageId: string,
    options: { maxDistance: number; limit: number; visibility?: Visibility },
  ): Promise<SimilarImage[]>;
}
