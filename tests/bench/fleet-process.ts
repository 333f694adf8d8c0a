import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Load-generator child processes of the benchmarks (world-fleet.ts, ops-fleet.ts): started with
 * this process's loader flags (tsx) and a marker variable telling the module to serve requests.
 */
export function forkFleets(file: URL, marker: string, count: number): ChildProcess[] {
  return Array.from({ length: count }, () => fork(fileURLToPath(file), [], { env: { ...process.env, [marker]: '1' } }));
}

/** The next message of a type from a fleet process; rejects if the process exits first. */
export function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: any) => {
      if (m?.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`load generator exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
