/** A package copied into a Lambda layer: its name and the folder it is installed in. */
export interface InstalledPackage {
  readonly name: string;
  readonly dir: string;
}

/** A file copied next to the bundled handler: from the repository, to a path inside the bundle. */
export interface RuntimeFile {
  readonly from: string;
  /** Relative to the bundle's root (`/var/task`). */
  readonly to: string;
}
