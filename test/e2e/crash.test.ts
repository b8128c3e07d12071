import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';

it('kill -9 during write batches loses nothing already committed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-crash-'));
  const file = join(dir, 'foyer.sqlite');
  try {
    // Node itself with tsx's loader, so the SIGKILL hits the process that writes (the tsx CLI would fork).
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-writer.ts', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/committed (\d+)/g)) committed = Math.max(committed, Number(match[1]));
        if (committed >= 20_000) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n } = db.prepare('select count(*) n from message_activity').get() as { n: number };
    db.close();
    // Everything reported committed is there; rows still in the killed batch may be lost, never half-written.
    expect(n).toBeGreaterThanOrEqual(committed);
    expect(n % 500).toBe(0);
    // And the next process opens the same file normally.
    openStorage(file).close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
