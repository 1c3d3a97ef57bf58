/** Precision, recall and pinned tops of the judged set (judged-set.ts), with a readable report. */
import type { Judgement } from './judged-set.ts';

export interface JudgedResult {
  judgement: Judgement;
  /** Product keys found, in rank order (every page). */
  found: readonly string[];
}

export interface JudgedScore {
  /** Right results / all judged results found, over the whole set. */
  precision: number;
  /** Right results / results that must be found, over the whole set. */
  recall: number;
  /** Queries whose first results differ from their `top`. */
  unpinned: string[];
  report: string;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);

/** True when the first results are the judgement's `top`, in order (and nothing is found for none). */
function topHolds({ judgement, found }: JudgedResult): boolean {
  const top = judgement.top ?? [];
  return top.every((key, i) => found[i] === key) && (top.length > 0 || judgement.find.length === 0);
}

export function scoreJudgedSet(results: readonly JudgedResult[]): JudgedScore {
  let right = 0;
  let wrong = 0;
  let wanted = 0;
  const unpinned: string[] = [];
  const lines: string[] = [];
  for (const result of results) {
    const { judgement, found } = result;
    const extra = found.filter((key) => !judgement.find.includes(key) && !judgement.allow?.includes(key));
    const missed = judgement.find.filter((key) => !found.includes(key));
    const hits = judgement.find.length - missed.length;
    right += hits;
    wrong += extra.length;
    wanted += judgement.find.length;
    const pinned = topHolds(result);
    if (!pinned) unpinned.push(judgement.query);
    if (extra.length > 0 || missed.length > 0 || !pinned) {
      lines.push(
        `  ${JSON.stringify(judgement.query)} (${judgement.kind}): ${hits}/${judgement.find.length} found` +
          (extra.length ? `, wrong: ${extra.join(' ')}` : '') +
          (missed.length ? `, missed: ${missed.join(' ')}` : '') +
          (pinned ? '' : `, top: ${found.slice(0, 3).join(' ') || '(none)'}`),
      );
    }
  }
  const precision = ratio(right, right + wrong);
  const recall = ratio(right, wanted);
  const head =
    `precision ${precision.toFixed(3)} (${right}/${right + wrong}), recall ${recall.toFixed(3)} ` +
    `(${right}/${wanted}), top pinned ${results.length - unpinned.length}/${results.length}`;
  return { precision, recall, unpinned, report: [head, ...lines].join('\n') };
}
