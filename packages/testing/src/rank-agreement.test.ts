import { orderedPairs, spearman } from './rank-agreement';

describe('rank agreement', () => {
  it('computes Spearman’s rho with tied ranks averaged', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([4, 3, 2, 1], [10, 20, 30, 40])).toBeCloseTo(-1);
    // Ranks [1.5, 1.5, 3] against [1, 2, 3]: Pearson of the ranks is 0.866.
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(0.866, 3);
    expect(spearman([5, 5, 5], [1, 2, 3])).toBe(0);
  });

  it('pairs items of one group with different labels, and counts a tie as half', () => {
    const items = [
      { group: 'a', label: 5, score: 0.9 },
      { group: 'a', label: 3, score: 0.9 },
      { group: 'a', label: 1, score: 0.95 },
      { group: 'a', label: 1, score: 0.1 },
      { group: 'b', label: 2, score: 0.5 },
    ];
    const pairs = orderedPairs(items, (item) => item.group, (item) => item.label, (item) => item.score);
    // Group a: 5>3 (tie), 5>1 (wrong), 5>1 (right), 3>1 (wrong), 3>1 (right); the two 1s are not a pair; b has one item.
    expect(pairs).toHaveLength(5);
    expect(pairs.map((pair) => pair.agreement)).toEqual([0.5, 0, 1, 0, 1]);
  });
});
