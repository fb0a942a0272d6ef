import type { KubeObject } from '../types';

/** A change recorded in the history, as watches see it. */
export interface StoreEvent {
  /** The resourceVersion the change produced. */
  resourceVersion: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `ResourceType.storageKey` of the object. */
  storageKey: string;
  /** The object after the change (for DELETED: its last state, with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change, for MODIFIED and DELETED (lets selector-filtered watches see transitions). */
  previous?: KubeObject;
}

export type StoreListener = (event: StoreEvent) => void;
