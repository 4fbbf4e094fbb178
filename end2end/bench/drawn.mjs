// When a screen is drawn, timed by the page itself.
//
// Waiting with Playwright's `waitForFunction` made Playwright inject its own
// script into the page (about 100 KB of JavaScript, compiled and run on the
// main thread: 60–110 ms at 4x) at a moment of its choosing: during the
// floor's idle wait for its files, or in the middle of the app's start. The
// measure then carried the harness's cost, unevenly. Here a few lines given
// to the page before its own scripts note the time from the frame where
// the screen is drawn, and the bench reads that note through the DevTools
// protocol alone, which adds nothing to the page.

/**
 * Installs the probe on every page of `context`: `window.__drawnAt(test)`
 * resolves with `performance.now()` of the first animation frame in which
 * `test()` holds (checked every frame, as `polling: 'raf'` did).
 */
export async function addDrawnProbe(context) {
  await context.addInitScript(() => {
    window.__drawnAt = (test) => new Promise((resolve) => {
      const check = () => (test() ? resolve(performance.now()) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
  });
}

/**
 * Opens `url` in `tab` and returns the ms from navigation to the frame in
 * which `test` (a function's source, run in the page) first holds.
 */
export async function timeToDrawn(tab, cdp, url, test, timeoutMs = 60_000) {
  await tab.goto(url, { waitUntil: 'commit' });
  const expression = `(async () => {
    while (location.href !== ${JSON.stringify(url)} || !window.__drawnAt) {
      await new Promise((r) => setTimeout(r, 5));
    }
    return window.__drawnAt(${test});
  })()`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
      .catch((e) => ({ error: e }));
    // The first ask can land in the blank page the tab opened with, whose
    // context the navigation then replaces: ask again.
    if (!answer.error && !answer.exceptionDetails && typeof answer.result?.value === 'number') {
      return answer.result.value;
    }
    if (Date.now() > deadline) throw new Error(`not drawn within ${timeoutMs} ms: ${url}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
