// Runs the engine's workloads (compiled to wasm by scripts/bench-web.sh into ./pkg) and the CMS
// network in TensorFlow.js on every backend this browser offers. Results go to the page and to
// window.benchResults; window.benchDone turns true at the end (Playwright waits for it).
import init, { bench, bench_parse, parse_csv_bytes, cms_inputs, cms_labels, forest_trees, forest_judge } from './pkg/fivesigma_bench_web.js';

const out = document.getElementById('out');
const rows = [];
const HEADER = `${'model'.padEnd(52)} ${'fit s'.padStart(9)} ${'predict s'.padStart(9)} ${'test AUC'.padStart(9)}`;
const show = () => {
  const auc = (v) => (typeof v === 'number' ? v.toFixed(5).padStart(9) : '');
  out.textContent = [HEADER, ...rows.map((r) => `${r.model.padEnd(52)} ${fmt(r.fit_s)} ${fmt(r.predict_s)} ${auc(r.test_auc)}`)]
    .join('\n');
};
const fmt = (v) => (typeof v === 'number' ? v.toFixed(3).padStart(9) : String(v ?? '').padStart(9));
const params = new URLSearchParams(location.search);
const epochs = Number(params.get('epochs') ?? 3);
const only = params.get('only');

async function tfjsEpoch(backend, x, y) {
  if (!(await tf.setBackend(backend).catch(() => false))) return { model: `TF.js ${backend}`, fit_s: 'unavailable' };
  await tf.ready();
  const init = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: 1 });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [5], units: 50, activation: 'selu', kernelInitializer: init() }));
  model.add(tf.layers.dropout({ rate: 0.1 }));
  model.add(tf.layers.dense({ units: 10, activation: 'selu', kernelInitializer: init() }));
  model.add(tf.layers.dropout({ rate: 0.1 }));
  model.add(tf.layers.dense({ units: 5, activation: 'selu', kernelInitializer: init() }));
  model.add(tf.layers.dropout({ rate: 0.1 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init() }));
  model.compile({ optimizer: tf.train.rmsprop(1e-4), loss: 'binaryCrossentropy' });
  const xs = tf.tensor2d(x, [y.length, 5]);
  const ys = tf.tensor2d(y, [y.length, 1]);
  // One warm-up epoch compiles kernels / shaders; then time `epochs` epochs.
  await model.fit(xs, ys, { batchSize: 250, epochs: 1, shuffle: true, verbose: 0 });
  const t0 = performance.now();
  await model.fit(xs, ys, { batchSize: 250, epochs, shuffle: true, verbose: 0 });
  const fit = (performance.now() - t0) / 1000 / epochs;
  xs.dispose(); ys.dispose(); model.dispose();
  return { model: `TF.js ${backend}: same network, one epoch`, fit_s: fit };
}

/** Starts `count` pool workers and resolves once each has parsed its events. */
async function startPool(count) {
  const workers = Array.from({ length: count }, () => new Worker('./pool-worker.mjs', { type: 'module' }));
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
    w.onmessage = ({ data }) => (data.ready ? resolve() : reject(new Error('unexpected message')));
    w.onerror = (e) => reject(new Error(e.message));
  })));
  return workers;
}

/** The forest workload shared among `count` warm workers as the app's pool shares it (near-equal
 * ranges of trees, each grown from its own seed), then put together and judged on this page. */
async function pooledForest(count) {
  const workers = await startPool(count);
  const n = forest_trees();
  const t0 = performance.now();
  const pieces = await Promise.all(workers.map((w, i) => new Promise((resolve) => {
    w.onmessage = ({ data }) => resolve(data);
    w.postMessage({ from: Math.floor((i * n) / count), to: Math.floor(((i + 1) * n) / count) });
  })));
  // Tree::pack's form: a count, then each piece's trees as they are.
  const bodies = pieces.sort((a, b) => a.from - b.from).map((p) => p.packed.subarray(1));
  const total = pieces.reduce((sum, p) => sum + p.packed[0], 0);
  const packed = new Float64Array(1 + bodies.reduce((s, b) => s + b.length, 0));
  packed[0] = total;
  let at = 1;
  for (const b of bodies) { packed.set(b, at); at += b.length; }
  const fit = (performance.now() - t0) / 1000;
  const judged = JSON.parse(forest_judge(packed));
  workers.forEach((w) => w.terminate());
  return { model: `wasm random forest (30 trees, depth 8, sqrt), pool of ${count}`, fit_s: fit, ...judged };
}

/** The CSV workload through our reader and through PapaParse (the usual JavaScript CSV parser,
 * as a web app calls it: named columns, numbers typed), each the best of three; MB/s alongside. */
async function csvParse() {
  const ours = JSON.parse(bench_parse());
  const mbps = (row) => ({ ...row, mb_per_s: ours.mb / row.fit_s });
  const out = [mbps({ ...ours, model: `wasm ${ours.model} (${ours.mb.toFixed(1)} MB)` })];
  await new Promise((r) => setTimeout(r, 0));
  const bytes = parse_csv_bytes();
  let best = Infinity;
  let parsedRows = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    // From the file's bytes, as ours starts: decoding to a string is part of PapaParse's work.
    const text = new TextDecoder().decode(bytes);
    const result = Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
    best = Math.min(best, (performance.now() - t0) / 1000);
    parsedRows = result.data.length;
    await new Promise((r) => setTimeout(r, 0));
  }
  out.push(mbps({ model: `PapaParse: same file, named typed columns (${parsedRows} rows)`, fit_s: best }));
  return out;
}

try {
  await init();
  window.benchStarted = true;
  if (!only || only.split(',').includes('csv')) {
    rows.push(...(await csvParse()));
    show();
  }
  for (const which of ['forest', 'boosting', 'logistic', 'mlp']) {
    if (only && !only.split(',').includes(which)) continue;
    const row = JSON.parse(bench(which, epochs));
    row.model = `wasm ${row.model}`;
    rows.push(row); show();
    await new Promise((r) => setTimeout(r, 0));
    if (which === 'forest') {
      // The pool: as many workers as this machine has cores (at most the app's 8), and 2.
      const cores = Math.min(navigator.hardwareConcurrency || 2, 8);
      for (const count of [...new Set([2, cores])]) { rows.push(await pooledForest(count)); show(); }
    }
  }
  if (!only || only.includes('tfjs')) {
    const x = cms_inputs(), y = cms_labels();
    tf.wasm.setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', location.href).href);
    for (const backend of ['wasm', 'webgl', 'cpu']) {
      try { rows.push(await tfjsEpoch(backend, x, y)); } catch (e) { rows.push({ model: `TF.js ${backend}`, fit_s: `failed: ${e}` }); }
      show();
    }
  }
} catch (e) {
  window.benchStarted = true;
  rows.push({ model: `error: ${e}` });
  show();
}
window.benchResults = rows;
window.benchDone = true;
