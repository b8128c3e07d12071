import { spawn } from 'node:child_process';

export interface RunResult {
  /** Exit code, or null when the process could not start, was killed or timed out. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why the process did not run to completion (spawn error, timeout), if it did not. */
  error?: string;
}

/** Runs a command to completion, capturing its output. Never rejects. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let error: string | undefined;
    let child;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      resolve({ code: null, stdout, stderr, error: String(e) });
      return;
    }
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            error = `timed out after ${Math.round(options.timeoutMs! / 1000)} s`;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (e) => {
      error ??= e.message;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: error ? null : code, stdout, stderr, ...(error ? { error } : {}) });
    });
  });
}

/** The last `max` characters of a text, for error messages. */
export function tail(text: string, max = 3000): string {
  const trimmed = text.trimEnd();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}
