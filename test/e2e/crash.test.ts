import { ACTIVITY_BATCH } from '../../src/storage/activity.repository.ts';
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
  let child: ReturnType<typeof spawn> | undefined;
  try {
    // Node itself with tsx's loader, so the SIGKILL hits the process that writes (the tsx CLI would fork).
    child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-writer.ts', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let committed = 0;
    const writer = child;
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      writer.stdout!.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/committed (\d+)/g))
          committed = Math.max(committed, Number(match[1]));
        if (committed >= 20_000) {
          writer.kill('SIGKILL');
          resolve();
        }
      });
    });
    if (writer.exitCode === null && writer.signalCode === null)
      await new Promise((resolve) => writer.on('close', resolve));
    expect(writer.signalCode).toBe('SIGKILL');

    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n } = db.prepare('select count(*) n from message_activity').get() as { n: number };
    db.close();
    // Everything reported committed is there; rows still in the killed batch may be lost, never half-written.
    expect(n).toBeGreaterThanOrEqual(committed);
    expect(n % ACTIVITY_BATCH).toBe(0);
    // And the next process opens the same file normally, and at start (as the bot does) counts
    // in the roll-ups what the killed one wrote but had not yet counted (it writes batches and
    // counts them every ROLL_UP_BATCHES): every committed row once.
    const next = openStorage(file);
    next.activity.recover();
    next.close();
    const check = new Database(file, { readonly: true });
    const counted = check.prepare('select sum(messages) from member_days').pluck().get();
    const perChannel = check.prepare('select sum(messages) from channel_days').pluck().get();
    check.close();
    expect(counted).toBe(n);
    expect(perChannel).toBe(n);
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
