// Five Sigma embed helper, for the page that embeds Five Sigma in iframes:
//
//   <iframe src="https://…/fivesigma/#/embed/…" data-fivesigma …></iframe>
//   <script src="https://…/fivesigma/embed.js" async></script>
//
// Each embedded page posts { type: "fivesigma:height", height } to its parent when its content
// changes size; this script sets the height of the <iframe data-fivesigma> it came from. It
// listens only to the origin this script was loaded from (the copy of Five Sigma it belongs to),
// and ignores every other message.
(() => {
  const script = document.currentScript;
  const origin = new URL(script ? script.src : 'embed.js', document.baseURI).origin;
  const known = (window.fivesigmaEmbedOrigins ??= new Set());
  if (known.has(origin)) return;
  known.add(origin);
  window.addEventListener('message', (event) => {
    if (event.origin !== origin) return;
    const data = event.data;
    if (!data || data.type !== 'fivesigma:height') return;
    const height = Number(data.height);
    if (!Number.isFinite(height) || height <= 0) return;
    for (const frame of document.querySelectorAll('iframe[data-fivesigma]')) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.min(Math.ceil(height), 100000)}px`;
    }
  });
})();
