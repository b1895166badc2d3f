import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The emulators run as child processes. This module owns their lifecycle so that no java or node process
 * outlives the stack:
 * - `stop()` ends one gracefully (SIGTERM, then SIGKILL after a grace period);
 * - an `exit` hook kills whatever still runs when the parent exits otherwise (uncaught error, `process.exit`);
 * - on Linux, children start under `setpriv --pdeathsig SIGTERM` (util-linux), so the kernel signals them
 *   even when the parent is SIGKILLed and no hook can run. The parent-death signal fires when the spawning
 *   THREAD ends: spawn from the main thread, never from a worker thread.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  recentOutput(): string;
  /** Settles once the process has exited, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. Resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LINES_KEPT = 30;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

const installExitHook = (): void => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // `exit` listeners must be synchronous: a signal is all that can still be sent.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
};

const findOnPath = (command: string): string | undefined => {
  if (command.includes('/')) return command;
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
};

let setpriv: string | null | undefined;
const parentDeathWrapper = (): string | null => {
  setpriv ??= process.platform === 'linux' ? (findOnPath('setpriv') ?? null) : null;
  return setpriv;
};

/**
 * Spawns `command` and resolves once it has started. Rejects with an ENOENT error when the command is not
 * installed, so callers can turn that into a message that says what to install.
 */
export const spawnManaged = async (
  name: string,
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio' | 'detached'> = {},
): Promise<ManagedProcess> => {
  installExitHook();
  // Resolved here, not by the wrapper, so that a missing command is still ENOENT and not a wrapper's exit code.
  const executable = findOnPath(command);
  if (!executable) {
    throw Object.assign(new Error(`spawn ${command} ENOENT: not found on PATH`), { code: 'ENOENT', path: command });
  }
  const wrapper = parentDeathWrapper();
  // setpriv execs the command: the pid we hold is the command's own, so stop() signals it and nothing else.
  const [file, argv] = wrapper
    ? [wrapper, ['--pdeathsig', 'SIGTERM', '--', executable, ...args]]
    : [executable, [...args]];
  // Not detached: a Ctrl-C in the terminal reaches the children too, and they stay in our process group.
  const child = spawn(file, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      running.delete(child);
      resolve({ code, signal });
    });
  });
  await once(child, 'spawn');
  running.add(child);

  return {
    name,
    pid: child.pid!,
    recentOutput: () => lines.join('\n'),
    exited,
    hasExited: () => hasExited,
    async stop(graceMs = 5_000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killTimer);
    },
  };
};

/**
 * Polls `probe` until it answers true. Fails fast when the process exits first, and after `timeoutMs` with a
 * message that carries the process's last output lines (the usual place where the reason is). A process that
 * never became ready is stopped before the error is thrown.
 */
export const waitUntilReady = async (
  child: ManagedProcess,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 100 }: { timeoutMs: number; intervalMs?: number },
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.hasExited()) {
      const { code, signal } = await child.exited;
      throw new Error(
        `${child.name} exited (${signal ?? `code ${code}`}) before it was ready. Last output:\n${child.recentOutput()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(
        `${child.name} did not answer within ${timeoutMs / 1000} s. Last output:\n${child.recentOutput()}`,
      );
    }
    await sleep(intervalMs);
  }
};
