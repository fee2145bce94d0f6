// `npm run bench:governance`: classifies 100,000 sampled values (the labelled set the tests generate, hard
// negatives included) with the recognizers POST /classification/detect runs, in columns of 10,000 values as
// a catalog scan sends them, and prints the time (target < 5 s) with precision and recall per label. It
// reports and exits 0 either way: timings on a shared machine are figures, not assertions.
import { performance } from 'node:perf_hooks';
import { detect } from '../src/classification/detection/detect';
import { piLabels } from '../src/classification/detection/recognizers';
import { labelledValues } from '../test/labelled-values';

const TOTAL = 100_000;
const COLUMN = 10_000;
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

const set = labelledValues(Math.ceil(TOTAL / 17), Date.now() % 1_000_000).slice(0, TOTAL);
// shuffle so each column mixes kinds, as real columns with dirty data do
for (let index = set.length - 1; index > 0; index -= 1) {
  const other = Math.floor(Math.random() * (index + 1));
  [set[index], set[other]] = [set[other]!, set[index]!];
}
const values = set.map((item) => item.value);

const started = performance.now();
const predicted: string[] = [];
for (let offset = 0; offset < values.length; offset += COLUMN)
  predicted.push(...detect('sample', values.slice(offset, offset + COLUMN), TODAY).labels);
const seconds = (performance.now() - started) / 1000;

console.log(`classified ${values.length.toLocaleString('en')} values in ${seconds.toFixed(3)} s`);
console.log(
  `  ${Math.round(values.length / seconds).toLocaleString('en')} values/s; target < 5 s: ${seconds < 5 ? 'met' : 'NOT met'} (${(seconds / 5).toFixed(3)} of the budget)`,
);
for (const label of piLabels) {
  let truePositive = 0;
  let predictedCount = 0;
  let actualCount = 0;
  set.forEach((item, index) => {
    if (predicted[index] === label) predictedCount += 1;
    if (item.label === label) actualCount += 1;
    if (predicted[index] === label && item.label === label) truePositive += 1;
  });
  console.log(
    `  ${label.padEnd(10)} precision ${(truePositive / predictedCount).toFixed(4)}  recall ${(truePositive / actualCount).toFixed(4)}  (${actualCount} values)`,
  );
}
