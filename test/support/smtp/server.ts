/**
 * A real SMTP server (aiosmtpd) on 127.0.0.1 for tests: every mail it accepts is a JSON
 * file in a temporary folder, read back with `messages()`. `waitForCount` resolves when the
 * server has reported that many mails, from its output: no polling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReceivedMail {
  n: number;
  mailFrom: string;
  rcptTo: string[];
  headers: [name: string, value: string][];
  text: string | null;
  html: string | null;
}

export interface SmtpSink {
  host: string;
  port: number;
  messages(): ReceivedMail[];
  /** The value of a header (case-insensitive), the first if repeated. */
  header(mail: ReceivedMail, name: string): string | undefined;
  /** Resolves once the server has accepted `n` mails in all. */
  waitForCount(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./smtp_sink.py', import.meta.url));

export async function startSmtpSink(python: string): Promise<SmtpSink> {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-smtp-'));
  const child: ChildProcess = spawn(python, [SCRIPT, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let received = 0;
  let stderr = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.once('exit', (code) => reject(new Error(`the SMTP server exited (${code}): ${stderr}`)));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at).trim();
        buffer = buffer.slice(at + 1);
        const ready = /^READY (\d+)$/.exec(line);
        if (ready) resolve(Number(ready[1]));
        const got = /^RECEIVED (\d+)$/.exec(line);
        if (got) {
          received = Number(got[1]);
          for (const w of waiters.filter((w) => received >= w.n)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
    });
  });
  return {
    host: '127.0.0.1',
    port,
    messages: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReceivedMail),
    header: (mail, name) => mail.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
    waitForCount(n, timeoutMs = 60_000) {
      if (received >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the SMTP server got ${received} mails, not ${n}: ${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
