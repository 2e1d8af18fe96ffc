// One worker of the benchmark's pool: the same wasm as the page, its own copy of the workload's
// events (parsed before the clock starts), growing the trees it is asked for.
import init, { forest_piece, warm } from './pkg/fivesigma_bench_web.js';

await init();
warm();
self.onmessage = ({ data: { from, to } }) => {
  const packed = forest_piece(from, to);
  self.postMessage({ from, packed }, [packed.buffer]);
};
self.postMessage({ ready: true });
