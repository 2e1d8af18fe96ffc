// What a student does in a lesson, for the lesson journeys: open a section, answer a task, train
// a section's model.
import assert from 'node:assert/strict';

/** Opens `section` of the lesson at `lessonUrl` (`http://…/#/lesson/<id>`) and waits for it. */
export async function openSection(page, lessonUrl, section) {
  await page.goto(`${lessonUrl}/${section}`);
  await page.waitForSelector(`[data-testid="lesson-section"][data-section="${section}"]`);
}

/** Gives `value` to `task` (an option, a menu's value, typed text, or nothing for a task that
 * judges the student's work) and checks it; returns the task's card once it has answered. */
export async function answer(page, task, value) {
  const card = page.locator(`[data-testid="task-${task}"]`);
  if (await card.locator('[data-testid="answer-choices"]').count()) {
    await card.locator(`[data-testid="option-${value}"]`).check();
  } else if (await card.locator('select[data-testid="answer"]').count()) {
    await card.locator('[data-testid="answer"]').selectOption(String(value));
  } else if (value !== undefined) {
    await card.locator('[data-testid="answer"]').fill(String(value));
  }
  await card.locator('[data-testid="check"]').click();
  await card.locator('[data-testid="feedback"]').waitFor();
  return card;
}

/** Answers `task` with `value` (numbers to six significant digits) and asserts it is right. */
export async function right(page, task, value) {
  const typed = typeof value === 'number' ? value.toPrecision(6) : value;
  const card = await answer(page, task, typed);
  assert.equal(await card.getAttribute('data-status'), 'correct', `${task}: ${typed} → ${await card.locator('[data-testid="feedback"]').innerText()}`);
}

/** Trains the `n`th train widget of the section (from 0) and waits for its model. */
export async function train(page, n = 0) {
  const widget = page.locator('[data-testid="widget-train"]').nth(n);
  await widget.locator('[data-testid="train"]').click();
  await widget.locator('[data-testid="train-status"]:has-text("Trained in")').waitFor({ timeout: 300_000 });
}
