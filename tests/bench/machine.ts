import os from 'node:os';
import { readFileSync } from 'node:fs';

/** One line naming the machine a benchmark ran on. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The machine line, the Postgres server's version and the load average now, for a bench's figures. */
export async function machineWithPostgres(query: (sql: string) => Promise<any[]>): Promise<{ line: string; postgres: string; loadAverage: number[] }> {
  const [version] = await query('SHOW server_version');
  return { line: machine(), postgres: version?.server_version ?? 'unknown', loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) };
}

/** The line a Postgres bench prints first: the machine, the server and the load. */
export function machineWithPostgresLine(m: { line: string; postgres: string; loadAverage: number[] }): string {
  return `machine: ${m.line}; Postgres ${m.postgres}; load average ${m.loadAverage.join(' / ')}`;
}

/** "median 1.58 s — goal ≤ 10 s: met". */
export function secondsGoalLine(medianSeconds: number, goalSeconds: number): string {
  return `median ${medianSeconds.toFixed(2)} s — goal ≤ ${goalSeconds} s: ${medianSeconds <= goalSeconds ? 'met' : 'MISSED'}`;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return ticks / 100; // USER_HZ is 100 on Linux
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * The machine's CPU time counters from /proc/stat (all cores, in USER_HZ ticks): user nice system
 * idle iowait irq softirq steal … (guest time is already in user).
 */
function cpuFields(): number[] {
  return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
}

/** Total CPU ticks and those the virtual machine's host took away (steal). */
function cpuTicks(): { total: number; steal: number } {
  const fields = cpuFields();
  return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
}

/**
 * Measures the share of CPU time the virtual machine's host took away (steal) from now until the
 * returned function is called: a benchmark prints it so a figure taken on a busy host says so.
 */
export function stealMeter(): () => number {
  const start = cpuTicks();
  return () => {
    const end = cpuTicks();
    const total = end.total - start.total;
    return total > 0 ? (end.steal - start.steal) / total : 0;
  };
}

/**
 * CPU seconds the whole machine has been busy (user, nice, system, irq, softirq; not idle, iowait
 * or steal), from /proc/stat. Less this process's own CPU, it is what the other processes used —
 * on a quiet machine, Postgres.
 */
export function machineBusySeconds(): number {
  const f = cpuFields();
  return (f[0] + f[1] + f[2] + f[5] + f[6]) / 100; // USER_HZ is 100 on Linux
}
