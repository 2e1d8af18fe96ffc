// The shipped atlas-dm CSVs read in plain JavaScript, so the journeys can compute every expected
// number independently of the Rust engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

export const DATASET = join(ROOT, 'static_data', 'datasets', 'atlas-dm');
export const BACKGROUNDS = ['Non-resonant_ll', 'Z+jets', 'WZ', 'ZZ'];

/** Rows of a shipped CSV as objects of numbers. */
export function readSample(name) {
  const [header, ...lines] = readFileSync(join(DATASET, `${name}.csv`), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], Number(v)])));
}

/** The four backgrounds and DM_300, by name. */
export const samples = Object.fromEntries([...BACKGROUNDS, 'DM_300'].map((name) => [name, readSample(name)]));

/** Σ totalWeight of the rows that `keep` accepts. */
export const sumWeights = (rows, keep) => rows.filter(keep).reduce((s, r) => s + r.totalWeight, 0);

/** Relative closeness, absolute below 1. */
export const close = (a, b, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
