import type { MessagePort } from 'node:worker_threads';

/** What the worker is started with. The URL carries the password: it never leaves the process. */
export interface BridgeStart {
  readonly url: string;
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** How long requests fail at once after the server could not be reached. */
  readonly retryAfterMs: number;
  readonly applicationName: string;
  /** Every transaction read-only (the dashboard's and the export's connections). */
  readonly readOnly: boolean;
}

export type BridgeRequest =
  | { id: number; kind: 'query'; text: string; values: unknown[]; arrays: boolean; prepare: boolean }
  | { id: number; kind: 'script'; text: string }
  | { id: number; kind: 'open-cursor'; cursor: number; text: string; values: unknown[]; arrays: boolean }
  | { id: number; kind: 'read-cursor'; cursor: number; rows: number }
  | { id: number; kind: 'close-cursor'; cursor: number }
  | { id: number; kind: 'close' };

export type BridgeReply =
  | { id: number; ok: true; rows: unknown[]; changes: number }
  | { id: number; ok: false; error: { message: string; code?: string | undefined; detail?: string | undefined } };
