import { readFileSync } from 'node:fs';

/**
 * CPU seconds a live process has used (user + system, its own threads; not its children),
 * from /proc/<pid>/stat — Linux only, as the test machines are. Ticks are taken as 1/100 s,
 * the kernel's USER_HZ on Linux.
 */
export function processCpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces and parentheses; the fields after its last
  // closing parenthesis hold neither.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
