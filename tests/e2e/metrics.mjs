// Figures of merit the journeys recompute in plain JavaScript, independently of the app's engine.

/** Weighted ROC AUC (scikit-learn's roc_auc_score with sample_weight) of rows with `score`,
 * `label` (1: signal) and `weight`: over signal–background pairs, a pair counts its weights'
 * product when the signal scores higher, half of it on a tie. */
export function weightedAuc(rows) {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let [below, area, signal, background] = [0, 0, 0, 0];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    let [s, b] = [0, 0];
    for (; j < sorted.length && sorted[j].score === sorted[i].score; j += 1) {
      if (sorted[j].label === 1) s += sorted[j].weight; else b += sorted[j].weight;
    }
    area += s * (below + b / 2);
    below += b; signal += s; background += b;
    i = j;
  }
  return area / (signal * background);
}
