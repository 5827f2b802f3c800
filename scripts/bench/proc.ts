/**
 * What a process and all its descendants use, from /proc (Linux), for the benchmarks: resident
 * memory (catalogue.ts) and CPU time (gallery.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Sums `value` over the processes `roots` and their descendants. `value` gets a process's
 * /proc/PID/stat fields from the state on (field 3 of `man proc_pid_stat` is index 0).
 */
function sumOverTrees(roots: number[], value: (fields: string[]) => number): number {
  const children = new Map<number, number[]>();
  const values = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      values.set(pid, value(fields));
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    total += values.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Resident memory of a process and all its descendants (kB; pages of 4 kB). */
export function treeRssKb(root: number): number {
  return sumOverTrees([root], (f) => Number(f[21]) * 4);
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, ms) used so far by the processes `roots` and all their descendants.
 * Read around each measured round: unlike requests per second, it barely moves when something
 * else on the machine takes the cores. utime + stime, and cutime + cstime: the time of children a
 * process has reaped (a PostgreSQL backend that ended) stays counted.
 */
export function treeCpuMs(roots: number[]): number {
  return (sumOverTrees(roots, (f) => Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLOCK_TICKS;
}
