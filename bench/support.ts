/**
 * Small helpers for benchmarks: temporary database files, timing, statistics, GC.
 * Benchmarks report ratios against a baseline measured in the same run; nothing here asserts on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A fresh directory in os.tmpdir() holding one database file; `dispose` removes it with its -wal/-shm files. */
export function tempDatabase(label: string): { file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), `foyer-bench-${label}-`));
  return { file: join(dir, 'bench.sqlite'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a full collection between measurements so one run's garbage is not billed to the next. */
export const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return () => (gc as () => void)();
  } catch {
    // Not available: measurements are only a bit noisier.
  }
  return () => undefined;
})();

export const now = (): number => performance.now();

/** A benchmark's size from the environment variable `name`: a positive integer, or `fallback` when unset. */
export function envPositiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer, got "${raw}"`);
  return n;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** (max − min) / median: how much the runs disagreed. */
export const spread = (values: readonly number[]): number =>
  (Math.max(...values) - Math.min(...values)) / median(values);

export const formatRate = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');

export const formatMiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Left-aligned first column, right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A small deterministic PRNG (mulberry32), so every run sees the same workload. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
