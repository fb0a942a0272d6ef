/** Which handler the tagging Lambda bundles. */
export interface TaggingEntry {
  /** Absolute path of the TypeScript entry that exports `handler`. */
  readonly path: string;
  /** True when the real handler is missing and the committed stand-in is bundled instead. */
  readonly standIn: boolean;
}

/** A package copied into a Lambda layer: its name and the folder it is installed in. */
export interface InstalledPackage {
  readonly name: string;
  readonly dir: string;
}
