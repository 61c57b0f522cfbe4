import type { ModelCall } from '@gapflow/testing';
import { candidateMarker, ModelLatency } from './model-latency';

const means = { question: 1500, criterion: 800, deepDive: 1000, compose: 2000 };
const callOf = (task: string, text: string): ModelCall => ({ kind: 'generate', task, body: { contents: [{ parts: [{ text: `Task: ${task}\n${text}` }] }] } });

describe('the simulated model latency', () => {
  it('draws each task\'s mean × scale when sigma is 0, and nothing at scale 0', () => {
    expect(new ModelLatency(means, 0.5, 0).latencyOf(callOf('question', candidateMarker(1)))).toBe(750);
    expect(new ModelLatency(means, 1, 0).latencyOf(callOf('compose', candidateMarker(1)))).toBe(2000);
    expect(new ModelLatency(means, 0, 0.3).latencyOf(callOf('criterion', candidateMarker(1)))).toBe(0);
  });

  it('spreads around the mean when sigma is positive, keeping the mean', () => {
    let seed = 1;
    // A fixed pseudo-random sequence, so the test cannot flake.
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const latency = new ModelLatency(means, 1, 0.3, random);
    const draws = Array.from({ length: 4000 }, () => latency.latencyOf(callOf('criterion', candidateMarker(1))));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(Math.abs(mean - 800)).toBeLessThan(40);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });

  it('counts overlapping calls of a candidate once, and clips them to the window', () => {
    const latency = new ModelLatency(means, 1, 0);
    const realNow = Date.now;
    const at = (ms: number, task: string, candidate: number) => {
      Date.now = () => ms;
      latency.latencyOf(callOf(task, `Answer:\nsome text ${candidateMarker(candidate)}`));
    };
    try {
      at(10_000, 'criterion', 3); // 10 000 – 10 800
      at(10_400, 'criterion', 3); // 10 400 – 11 200: overlaps the first
      at(12_000, 'deepDive', 3); // 12 000 – 13 000
      at(10_000, 'compose', 4); // another candidate's: not candidate 3's time
    } finally {
      Date.now = realNow;
    }
    expect(latency.modelTimeMs(3, 0, 20_000)).toBe(1200 + 1000);
    expect(latency.modelTimeMs(3, 10_600, 12_500)).toBe(600 + 500);
    expect(latency.modelTimeMs(4, 0, 20_000)).toBe(2000);
    expect(latency.unattributedCalls).toBe(0);
  });

  it('counts a call without a candidate marker as unattributed', () => {
    const latency = new ModelLatency(means, 1, 0);
    latency.latencyOf(callOf('question', 'Gap: Terraform'));
    expect(latency.unattributedCalls).toBe(1);
  });
});
