import { hintOfColumn } from './column-hints';
import { labelOfValue, type PiLabel } from './recognizers';

export interface Detection {
  labels: PiLabel[];
  suggested: PiLabel;
  /** 0-1: how far the values (and the name) agree with the suggestion. */
  confidence: number;
  /** What the column's name alone suggests. */
  columnHint: PiLabel | null;
}

/** A value label must hold for at least this share of the non-empty values to label the column. */
const MAJORITY = 0.5;

/**
 * Labels every value, then suggests a label for the column: the values' majority label (confidence its
 * share, +0.2 when the name agrees, at most 1), else the name's hint alone (0.4: a person must look), else
 * none. `today` (YYYYMMDD) bounds the birth dates of 身份证号.
 */
export function detect(column: string, values: readonly string[], today: string): Detection {
  const labels = values.map((value) => labelOfValue(value, today));
  const counts = new Map<PiLabel, number>();
  let nonEmpty = 0;
  for (let index = 0; index < labels.length; index += 1) {
    if (values[index]!.trim() === '') continue;
    nonEmpty += 1;
    counts.set(labels[index]!, (counts.get(labels[index]!) ?? 0) + 1);
  }
  const hint = hintOfColumn(column) ?? null;
  let best: PiLabel = 'none';
  let bestCount = 0;
  for (const [label, count] of counts)
    if (label !== 'none' && count > bestCount) [best, bestCount] = [label, count];
  const share = nonEmpty === 0 ? 0 : bestCount / nonEmpty;
  if (share >= MAJORITY) {
    const confidence = Math.min(1, share * 0.8 + (hint === best ? 0.2 : 0));
    return { labels, suggested: best, confidence: round(confidence), columnHint: hint };
  }
  if (hint) return { labels, suggested: hint, confidence: 0.4, columnHint: hint };
  const noneShare = nonEmpty === 0 ? 0 : (counts.get('none') ?? 0) / nonEmpty;
  return { labels, suggested: 'none', confidence: round(noneShare), columnHint: null };
}

const round = (value: number): number => Math.round(value * 100) / 100;
