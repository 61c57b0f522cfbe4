/** How well scores agree with labels: the measures the calibration benchmark prints. */

/** Ranks 1..n, ties sharing their average rank (as Spearman's coefficient needs). */
function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) ranks[order[position]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const meanA = mean(a);
  const meanB = mean(b);
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  a.forEach((value, index) => {
    const da = value - meanA;
    const db = (b[index] as number) - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  });
  return varianceA === 0 || varianceB === 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
}

/** Spearman's rank correlation, ties averaged. */
export function spearman(scores: readonly number[], labels: readonly number[]): number {
  return pearson(averageRanks(scores), averageRanks(labels));
}

export interface OrderedPair<T> {
  better: T;
  worse: T;
  /** 1 when the better-labelled scored higher, 0.5 on a tie, 0 when it scored lower. */
  agreement: number;
}

/**
 * Every pair of items in the same group with different labels, and whether the scores order
 * them as the labels do. The ordering accuracy is the mean agreement.
 */
export function orderedPairs<T>(items: readonly T[], groupOf: (item: T) => string, labelOf: (item: T) => number, scoreOf: (item: T) => number): OrderedPair<T>[] {
  const pairs: OrderedPair<T>[] = [];
  items.forEach((first, index) => {
    for (const second of items.slice(index + 1)) {
      if (groupOf(first) !== groupOf(second) || labelOf(first) === labelOf(second)) continue;
      const [better, worse] = labelOf(first) > labelOf(second) ? [first, second] : [second, first];
      const difference = scoreOf(better) - scoreOf(worse);
      pairs.push({ better, worse, agreement: difference > 0 ? 1 : difference === 0 ? 0.5 : 0 });
    }
  });
  return pairs;
}
