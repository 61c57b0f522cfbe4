import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by where the code lives: a package under node_modules, one of ours, node's own, or V8 (GC, idle). */
  byOwner: ProfileEntry[];
  /** Self time by function, hottest first. */
  byFunction: ProfileEntry[];
}

/** Who a script belongs to: `bullmq`, `@langchain/langgraph`, `ours:state`, `node:internal`, or `(v8)`. */
function ownerOf(url: string): string {
  if (url === '') return '(v8)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf(`node_modules${sep}`);
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split(sep);
    const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '?');
    // Our own packages are linked into node_modules by the workspace.
    return name.startsWith('@gapflow/') ? `ours:${name.slice('@gapflow/'.length)}` : name;
  }
  const ours = /(?:packages|apps)\/([^/]+)\//.exec(path);
  return ours ? `ours:${ours[1]}` : path;
}

function ranked(totals: Map<string, number>, totalMs: number, top: number): ProfileEntry[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / totalMs }));
}

/**
 * Self time of every sampled function, summed over the `.cpuprofile` files in `directory`
 * (a worker writes one as it exits), grouped by owner and by function. Idle time (the
 * `(idle)` node: the event loop waiting on Redis) is left out, so shares are of CPU used.
 */
export function summarizeCpuProfiles(directory: string, top = 15): ProfileSummary {
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((nodeId, index) => {
      const node = nodes.get(nodeId);
      // A sample's time is the delta to the next sample.
      const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
      if (!node || node.callFrame.functionName === '(idle)') return;
      const { functionName, url, lineNumber } = node.callFrame;
      const owner = ownerOf(url);
      const where = url === '' ? '' : ` ${owner}:${lineNumber + 1}`;
      totalMs += ms;
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
      const name = `${functionName || '(anonymous)'}${where}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    });
  }
  return { totalMs, byOwner: ranked(byOwner, totalMs, top), byFunction: ranked(byFunction, totalMs, top) };
}

/** The summary as the bench prints it: two ranked tables. */
export function formatProfileSummary(summary: ProfileSummary): string[] {
  const line = (entry: ProfileEntry) => `    ${(entry.share * 100).toFixed(1).padStart(5)} %  ${entry.selfMs.toFixed(0).padStart(6)} ms  ${entry.name}`;
  return [
    `  CPU profile of the worker: ${summary.totalMs.toFixed(0)} ms of CPU sampled (idle left out)`,
    '  by owner (self time):',
    ...summary.byOwner.map(line),
    '  by function (self time):',
    ...summary.byFunction.map(line),
  ];
}
