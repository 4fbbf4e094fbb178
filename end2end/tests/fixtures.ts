import { test as base, expect, type BrowserContext } from '@playwright/test';

export * from '@playwright/test';

/** What Chromium writes to the console when the Content-Security-Policy blocks something. */
const VIOLATION = /Content Security Policy|Refused to (load|execute|compile|apply|connect|frame|create)/;

/** Records every CSP violation reported in `context`'s pages into `seen`. */
export function watchCsp(context: BrowserContext, seen: string[]): void {
  // Every violation also becomes a console error, even one a page's own code would swallow.
  void context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to load: CSP violation of ${e.violatedDirective} by ${e.blockedURI}`),
    );
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error' && VIOLATION.test(msg.text())) seen.push(msg.text());
  });
}

/**
 * Every journey runs under the server's Content-Security-Policy and fails
 * on any violation, in the test's own context and in every context it opens
 * (a second or third phone).
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context, browser }, use) => {
      const seen: string[] = [];
      watchCsp(context, seen);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const made = await newContext(options);
        watchCsp(made, seen);
        return made;
      };
      await use();
      browser.newContext = newContext;
      expect(seen, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
