import { DEFAULT_LOAD_OPTIONS } from './load-options';
import { loadReport } from './load-report';
import type { LoadResult } from './run-load';
import type { CandidateResult } from './simulated-candidate';

const candidate = (failure?: string): CandidateResult => ({
  candidate: 0,
  sessionId: 'ses_1',
  steps: [{ step: 'questions', wallMs: 1000, modelMs: 800 }],
  sessionWallMs: 1000,
  sessionModelMs: 800,
  events: [],
  errors: failure ? { UPSTREAM_UNAVAILABLE: 2 } : {},
  failure,
});

const run = (results: CandidateResult[], problems: LoadResult['problems']): LoadResult => ({
  options: DEFAULT_LOAD_OPTIONS,
  results,
  problems,
  redis: { opsPerSecond: 1234.4, peakConnections: 20, cpuSeconds: 3, samples: 3 },
  elapsedMs: 60_000,
  workerKills: 0,
  redisRestarts: 0,
  failovers: 0,
  unattributedModelCalls: 0,
  cpuSeconds: { workers: 8, gateways: 2, redis: 3, harness: 5 },
  logsDir: problems.length > 0 ? '/tmp/gapflow-load-logs-1' : undefined,
});

describe('the printed load report', () => {
  it('shows a step\'s wall time and its overhead (wall minus model time), and ends with OK when nothing was lost', () => {
    const lines = loadReport(run([candidate()], []));
    expect(lines.find((line) => line.startsWith('questions'))).toMatch(/^questions\s+1\s+1000\s+1000\s+1000\s+200\s+200\s+200$/);
    expect(lines).toContain('redis: 1234 ops/s, peak 20 connections');
    expect(lines).toContain('cpu s: workers 8.0, gateways 2.0, redis 3.0, harness 5.0 in 60.0 s of wall time; per session: worker 8.000, gateway 2.000, redis 3.000');
    expect(lines.at(-1)).toBe('OK: 1/1 sessions completed, nothing lost or doubled, no key of an erased session left');
  });

  it('names each problem and ends with FAILED when something was lost', () => {
    const lines = loadReport(run([candidate('in step "questions": timeout')], [{ candidate: 0, sessionId: 'ses_1', problem: 'gap gap-a got 0 question.ready events' }]));
    expect(lines).toContain('LOST OR DOUBLED: candidate 0 (ses_1): gap gap-a got 0 question.ready events');
    expect(lines).toContain('errors (retried ones included): UPSTREAM_UNAVAILABLE 2');
    expect(lines).toContain("the gateways' and workers' logs: /tmp/gapflow-load-logs-1");
    expect(lines.at(-1)).toBe('FAILED: 1 problem(s); 0/1 sessions completed');
  });
});
