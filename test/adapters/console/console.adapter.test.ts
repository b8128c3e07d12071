import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../src/adapters/console/console.adapter.ts';
import { communityId } from '../../../src/core/ids.ts';
import { paragraph, rich, text } from '../../../src/core/rich-text.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function consoleWithFiles(filesIn?: (dir: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-console-files-'));
  dirs.push(dir);
  const lines: string[] = [];
  const adapter = createConsoleAdapter({
    community: communityId('garden'),
    write: (line) => lines.push(line),
    now: () => new Date('2030-01-06T10:00:00Z'),
    advance: async () => true,
    channels: ['general'],
    roles: { moderators: [], admins: [] },
    sessionId: 's1',
    filesDir: filesIn ? filesIn(dir) : dir,
  });
  return { adapter, dir, lines };
}

describe('console files', () => {
  it('writes a file Foyer hands to a member and prints its path under the message', async () => {
    const { adapter, dir, lines } = consoleWithFiles();
    await adapter.start(async (event) => {
      if (event.type !== 'command.invoked') return;
      const sent = await adapter.fileResponder!.respondWithFile(
        event.invocation,
        rich(paragraph(text('Your data is in the attached file.'))),
        { name: 'foyer-mydata-2030-01-06.json', mediaType: 'application/json', content: '{"a": "é 🎉"}' },
        { private: true },
      );
      expect(sent.ok).toBe(true);
    });
    await adapter.input(':join alice');
    await adapter.input('/mydata export');
    const output = lines.join('\n');
    expect(output).toContain('foyer ▸ @alice (only you) │ Your data is in the attached file.');
    const path = /📎 (\S+)/.exec(output)?.[1];
    expect(path?.startsWith(dir)).toBe(true);
    expect(readFileSync(path!, 'utf8')).toBe('{"a": "é 🎉"}');
  });

  it('never lets a file name leave the files directory', async () => {
    const { adapter, dir, lines } = consoleWithFiles();
    await adapter.start(async (event) => {
      if (event.type === 'command.invoked')
        await adapter.fileResponder!.respondWithFile(event.invocation, rich(paragraph(text('here'))), {
          name: '../../etc/evil.json',
          mediaType: 'application/json',
          content: '{}',
        });
    });
    await adapter.input(':join alice');
    await adapter.input('/x');
    const path = /📎 (\S+)/.exec(lines.join('\n'))?.[1];
    expect(path?.startsWith(`${dir}/`)).toBe(true);
    expect(path).not.toContain('..');
  });
  it('a file that cannot be written is an unavailable failure, and no path is printed', async () => {
    const { adapter, lines } = consoleWithFiles((dir) => {
      const notAFolder = join(dir, 'taken');
      writeFileSync(notAFolder, 'a file where the folder should be');
      return notAFolder;
    });
    const outcomes: { ok: boolean; kind?: string }[] = [];
    await adapter.start(async (event) => {
      if (event.type !== 'command.invoked') return;
      const sent = await adapter.fileResponder!.respondWithFile(event.invocation, rich(paragraph(text('here'))), {
        name: 'data.json',
        mediaType: 'application/json',
        content: '{}',
      });
      outcomes.push(sent.ok ? { ok: true } : { ok: false, kind: sent.error.kind });
    });
    await adapter.input(':join alice');
    await adapter.input('/x');
    expect(outcomes).toEqual([{ ok: false, kind: 'unavailable' }]);
    expect(lines.join('\n')).not.toContain('📎');
  });
});
