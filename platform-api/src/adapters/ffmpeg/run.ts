import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { AppError, type ErrorCode } from '@cutaway/shared';
import { ProgressParser, type ProgressBlock } from './progress';

export interface RunOptions {
  cwd?: string;
  signal?: AbortSignal;
  /** Called once per `-progress pipe:1` block; the caller must have put `-progress pipe:1` in the args. */
  onProgress?: (block: ProgressBlock) => void;
  /** Error code for a non-zero exit (ffprobe failures are `media.probe_failed`). */
  failCode?: ErrorCode;
  /** Paths to blank out of error messages (storage layout is not for users). */
  hidePaths?: readonly string[];
  /** Feed this file to stdin (for `pipe:0` inputs); the tool may stop reading early (EPIPE is expected). */
  stdinPath?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Keep only the end of stderr: the reason is in the last lines and a long job can log megabytes. */
const STDERR_KEEP = 16 * 1024;

/**
 * Runs a tool with an argument array (never a shell string) and collects its output.
 * ENOENT → `media.tool_missing`; non-zero exit → `failCode` with the tool's own stderr;
 * an aborted signal SIGKILLs the process (ffmpeg treats SIGTERM as "finish the outputs",
 * which can take seconds) and, once it has exited, rejects with the signal's reason
 * (an `AbortError` DOMException by default), as Node's own APIs do.
 */
export function runTool(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: opts.cwd, stdio: [opts.stdinPath ? 'pipe' : 'ignore', 'pipe', 'pipe'], windowsHide: true });
    if (opts.stdinPath && child.stdin) {
      const stdin = child.stdin;
      stdin.on('error', () => {}); // EPIPE once the tool has read enough
      createReadStream(opts.stdinPath).on('error', () => stdin.destroy()).pipe(stdin);
    }
    const parser = opts.onProgress ? new ProgressParser(opts.onProgress) : null;
    const out: string[] = [];
    let err = '';
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    let aborted = false;
    // Settle on 'close', not here: when the promise rejects the process is gone and writes nothing more to outDir.
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const stdout = child.stdout!; // stdio[1] and [2] are 'pipe'
    const stderrStream = child.stderr!;
    stdout.setEncoding('utf8');
    let callbackError: unknown;
    stdout.on('data', (chunk: string) => {
      if (!parser) return out.push(chunk);
      try {
        parser.push(chunk);
      } catch (e) {
        // A throwing progress callback must not crash the process from inside a stream handler.
        callbackError ??= e;
        child.kill('SIGKILL');
      }
    });
    stderrStream.setEncoding('utf8');
    stderrStream.on('data', (chunk: string) => {
      err += chunk;
      if (err.length > 2 * STDERR_KEEP) err = err.slice(-STDERR_KEEP);
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          e.code === 'ENOENT'
            ? new AppError('media.tool_missing', `${bin} is not installed or not on PATH`, { tool: bin }, { cause: e })
            : new AppError(opts.failCode ?? 'media.process_failed', `${bin} could not start: ${e.message}`, { tool: bin }, { cause: e }),
        ),
      ),
    );
    child.on('close', (code, sig) =>
      finish(() => {
        if (aborted) return reject(abortReason(signal!));
        if (callbackError !== undefined) return reject(callbackError);
        const stderr = hidePaths(err.slice(-STDERR_KEEP), opts.hidePaths);
        if (code === 0) return resolve({ stdout: out.join(''), stderr });
        const reason = toolReason(stderr) || `exited with ${sig ?? `code ${code}`}`;
        reject(new AppError(opts.failCode ?? 'media.process_failed', `${toolName(bin)} failed: ${reason}`, { tool: toolName(bin), exitCode: code, signal: sig, stderr }));
      }),
    );
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

function toolName(bin: string): string {
  return bin.split(/[\\/]/).pop() ?? bin;
}

/** Blanks paths (and their `path: ` message prefixes) out of tool output. */
export function hidePaths(text: string, paths: readonly string[] = []): string {
  return paths.reduce((t, p) => t.split(`file:${p}: `).join('').split(`${p}: `).join('').split(p).join('<file>'), text);
}

/**
 * The human reason from ffmpeg/ffprobe stderr: the last distinct non-empty lines, with the
 * `[mov,mp4,… @ 0x55…]` context prefix removed (ffprobe prints e.g. "moov atom not found"
 * then "Invalid data found when processing input").
 */
export function toolReason(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim())
    .filter((l) => l.length > 0);
  return [...new Set(lines)].slice(-4).join('; ');
}
