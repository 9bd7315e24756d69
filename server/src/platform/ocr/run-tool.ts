import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class ToolTimeoutError extends Error {}
export class ToolMissingError extends Error {}

export interface RunOptions {
  /** PATH the tool is looked up in; also passed to it, so the tools it calls come from the same place. */
  searchPath: string;
  timeoutMs: number;
  cwd?: string;
  /** The tool's TMPDIR: its own temporary files go there (and go when that directory is removed). */
  tmpDir?: string;
  /** Called with each line the tool writes to stderr (progress). */
  onStderrLine?: (line: string) => void;
  /** Output beyond this many characters is dropped (a runaway tool cannot exhaust memory). */
  maxOutputChars?: number;
}

/**
 * Runs a command-line tool as a child process in its own process group, so that on timeout the
 * tool and everything it started (ocrmypdf → Ghostscript, Tesseract) are killed together.
 */
export function runTool(command: string, args: string[], options: RunOptions): Promise<ToolResult> {
  const limit = options.maxOutputChars ?? 1_000_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: {
        PATH: options.searchPath,
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        OMP_THREAD_LIMIT: '1',
        ...(options.tmpDir ? { TMPDIR: options.tmpDir } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < limit) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < limit) stderr += chunk;
      if (!options.onStderrLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine(line);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new ToolMissingError(`${command} not found`) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pending && options.onStderrLine) options.onStderrLine(pending);
      if (timedOut) reject(new ToolTimeoutError(`${command} timed out after ${options.timeoutMs} ms`));
      else resolve({ code, stdout, stderr });
    });
  });
}
