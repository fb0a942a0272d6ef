import type { ServerHealth } from '@imageserver/plugin-image-server-common';

/** A health verdict and the words that explain it. */
export interface HealthVerdict {
  health: ServerHealth;
  reason?: string;
}

/** The facts health is derived from, already reduced to plain numbers (see `toHealthInput`). */
export interface HealthInput {
  generation?: number;
  observedGeneration?: number;
  deleting: boolean;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  /** Absent when it was not read (lists) or does not exist (see `deploymentExpected`). */
  deployment?: { desired: number; ready: number; available: number; updated: number };
  /** Whether the Deployment was looked up; false in lists, where only the status is read. */
  deploymentChecked: boolean;
  autoscaler?: {
    current: number;
    desired: number;
    max: number;
    scalingActive?: boolean;
    scalingMessage?: string;
  };
  /** Warning events of the last `recentMs`, newest first. */
  recentWarnings: { reason: string; message: string }[];
}
