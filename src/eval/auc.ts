/**
 * Area under the ROC curve by the rank (Mann–Whitney U) formula with average ranks for ties:
 * AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋), R₊ = sum of the positives' ranks among all scores.
 * Equals sklearn.metrics.roc_auc_score, ties counted as ½.
 */
import { averageRanks } from './correlation.js';

export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const ranks = averageRanks(scores);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      pos++;
      rankSum += ranks[i]!;
    }
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
