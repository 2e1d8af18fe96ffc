// The single-file copy's loader (scripts/single-file.mjs puts it in the page). It serves the
// app's fetches of shipped files from the page itself, builds the CPU training worker from its
// embedded code, and starts the app. Runs as a module script, before anything else.
const json = (id) => JSON.parse(document.getElementById(id).textContent);
const assets = json('fivesigma-assets');
const code = json('fivesigma-code');

/** The bytes of a gzip-compressed, base64-encoded string. */
async function unpack(base64) {
  const packed = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The page's folder: shipped files are named relative to it ("static_data/…").
const base = new URL('.', document.baseURI).href;
const networkFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
  const name = url.href.startsWith(base) ? decodeURIComponent(url.href.slice(base.length).split(/[?#]/)[0]) : null;
  const asset = name && assets[name];
  if (!asset) return networkFetch(input, init);
  return new Response(await unpack(asset.data), { status: 200, headers: { 'content-type': asset.type } });
};

// The training worker: its script and WebAssembly travel inside the Blob that starts it.
const workerSource = (async () => {
  const glue = new TextDecoder().decode(await unpack(code.cpuWorker));
  return `${glue}
const packed = Uint8Array.from(atob(${JSON.stringify(code.cpuWasm)}), (c) => c.charCodeAt(0));
new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
  .then((bytes) => wasm_bindgen({ module_or_path: bytes }));
`;
})();
const PageWorker = window.Worker;
let cpuWorkerUrl = null;
class SingleFileWorker extends PageWorker {
  constructor(url, options) {
    if (String(url).endsWith('train-cpu_loader.js') && cpuWorkerUrl) super(cpuWorkerUrl, options);
    else super(url, options);
  }
}
cpuWorkerUrl = URL.createObjectURL(new Blob([await workerSource], { type: 'text/javascript' }));
window.Worker = SingleFileWorker;

// The app itself.
const glueUrl = URL.createObjectURL(new Blob([await unpack(code.app)], { type: 'text/javascript' }));
const bindings = await import(glueUrl);
const wasm = await bindings.default({ module_or_path: await unpack(code.appWasm) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
