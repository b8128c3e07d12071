import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/database.ts';
import { exportDatabase, openForExport } from '../../../src/storage/portability/index.ts';
import { tempFolder } from './community.ts';

const work = tempFolder('snapshot');
afterAll(() => work.dispose());

describe('an export while Foyer writes', () => {
  it('holds one consistent snapshot: rows written during the export are not in it', async () => {
    const file = join(work.path, 'live.sqlite');
    const writer = openDatabase(file).$client;
    const insert = writer.prepare(
      `INSERT INTO message_activity (community_id, channel_id, member_id, message_id, at) VALUES ('garden', 'general', ?, ?, ?)`,
    );
    for (let i = 0; i < 100; i++) insert.run(`m${i % 7}`, `before-${i}`, i);
    // key_value is exported before message_activity: the writer runs while it is read, and
    // the rows it adds to message_activity must still not be in the export.
    const kv = writer.prepare(`INSERT INTO key_value (namespace, key, value) VALUES ('adapter', ?, 'x')`);
    for (let i = 0; i < 100; i++) kv.run(`k${i}`);
    const reader = openForExport(file);
    // Pausing after every row lets the writer below run in the middle of the export.
    const exporting = exportDatabase(reader, join(work.path, 'export'), {
      community: { id: 'garden', name: 'The Garden' },
      exportedAt: new Date('2026-03-05T12:00:00Z'),
      yieldEvery: 1,
    });
    let written = 0;
    let done = false;
    void exporting.finally(() => (done = true));
    while (!done) {
      insert.run('late', `during-${written++}`, 1000 + written);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { manifest } = await exporting;
    reader.close();
    expect(written).toBeGreaterThan(50);
    expect(writer.prepare('SELECT count(*) FROM message_activity').pluck().get()).toBe(100 + written);
    const activity = manifest.tables.find((t) => t.table === 'message_activity')!;
    expect(activity.rows).toBe(100);
    const csv = readFileSync(join(work.path, 'export', activity.csv.path), 'utf8');
    expect(csv.split('\r\n').length - 2).toBe(100);
    expect(csv).not.toContain('during-');
    writer.close();
  });
});
