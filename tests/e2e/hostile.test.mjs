// No injection: hostile strings in a CSV's header and cells, in link state (the Lab's, the
// playground's) and in an imported progress file are shown as text, never run as HTML or script.
// Each would set window.__pwned or add an element the test looks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, chooseFiles } from './harness.mjs';

const hostile = (n) => `<img src=x data-pwned onerror="window.__pwned=${n}">`;
const script = (n) => `<script>window.__pwned=${n}</script>`;

async function clean(page, where) {
  const found = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: document.querySelectorAll('[data-pwned], script:not([src]):not([type])').length,
  }));
  assert.deepEqual(found, { pwned: null, elements: found.elements }, `${where}: a script ran`);
  assert.equal(await page.locator('[data-pwned]').count(), 0, `${where}: an element was injected`);
}

test('hostile text in a CSV, in links and in imported progress stays text', { timeout: 120_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  try {
    // A CSV whose header and text cells are markup.
    const { page, context, problems } = await openPage(browser, `${server.url}#/lab`);
    const header = `"${hostile(1).replaceAll('"', '""')}",pt,label`;
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${20 + i},"${script(2)}"`);
    await chooseFiles(page, { name: `${hostile(3)}.csv`, mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n') + '\n') });
    await page.waitForSelector('[data-testid=row-count][data-rows="20"]');
    const names = await page.$$eval('[data-testid=column-summary] tbody th', (c) => c.map((e) => e.textContent));
    assert.equal(names[0], hostile(1), 'the header is shown as the text it is');
    await clean(page, 'CSV');

    // Link state: the Lab's variable and cut, the playground's data (named back in a notice).
    await page.goto(`${server.url}#/lab?ds=atlas-dm&var=${encodeURIComponent(hostile(4))}&cut=${encodeURIComponent(hostile(5))}`);
    await page.waitForTimeout(1500);
    await clean(page, 'Lab link');
    await page.goto(`${server.url}#/playground?data=${encodeURIComponent(hostile(6))}&layers=${encodeURIComponent(script(7))}`);
    await page.waitForSelector('[data-testid=playground-notes]');
    assert.ok((await page.textContent('[data-testid=playground-notes]')).includes(hostile(6)), 'the notice quotes the text');
    await clean(page, 'playground link');

    // An imported progress file with markup in its answers and widget state.
    const lesson = await context.newPage();
    await lesson.goto(`${server.url}#/lesson/learning-from-examples/learning`);
    await lesson.waitForSelector('[data-testid="lesson-section"][data-section="learning"]');
    const file = {
      format_version: 1,
      lesson: 'learning-from-examples',
      tasks: { kinds: { answer: hostile(8), status: 'correct', hints_shown: 1, solution_shown: true, attempts: 1 } },
      widgets: { 'networks/1': { view: `data=${hostile(9)}`, trained: { setup: script(10), steps: 1, validation_accuracy: 0.99 } } },
    };
    // A huge file picked by mistake is refused before it is read.
    await lesson.setInputFiles('[data-testid="import-progress"]', { name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.alloc(6_000_000, 'a,b\n') });
    await lesson.waitForSelector('[data-testid="io-message"]:has-text("far too large to be a Five Sigma progress file")');
    await lesson.setInputFiles('[data-testid="import-progress"]', { name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await lesson.click('[data-testid="import-replace"]');
    await lesson.waitForSelector('[data-testid="io-message"]');
    // The answer is checked again (it is not an option, so it is not right) and shown as text.
    assert.notEqual(await lesson.getAttribute('[data-testid="task-kinds"]', 'data-status'), 'correct');
    await lesson.goto(`${server.url}#/lesson/learning-from-examples/networks`);
    await lesson.waitForSelector('[data-testid="lesson-section"][data-section="networks"]');
    await lesson.click('[data-testid="task-spirals"] [data-testid="check"]');
    await lesson.waitForSelector('[data-testid="task-spirals"] [data-testid="feedback"]');
    // A model a file says was trained is not taken on trust: it must be trained here.
    assert.match(await lesson.textContent('[data-testid="task-spirals"] [data-testid="feedback"]'), /Train a model in the playground above first/);
    await clean(lesson, 'imported progress');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
