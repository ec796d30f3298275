// The `test` every spec uses: Playwright's, plus a watch on the browser. A console error, an uncaught
// exception, or a request of the page's own origin that fails (4xx/5xx, or no answer at all) fails
// the test at its end — unless the test allowed that response because it provokes it on purpose.
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Request, type Response } from '@playwright/test';

export { expect };

export type BrowserProblems = {
  /** Lets responses with `status` whose URL matches `url` pass (and the console line the browser writes about them): the test provokes them. */
  allow(status: number, url: RegExp): void;
  /** Watches the pages of a context the test made itself (browser.newContext()). */
  watch(context: BrowserContext): void;
};

type Allowance = { status: number; url: RegExp };

/** Chromium's console line for a resource answered with an error status: "… status of 404 (Not Found)". */
const FAILED_RESOURCE = /Failed to load resource: the server responded with a status of (\d{3})/;

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** A request the page made to the origin it is on (a navigation is always its own). */
function isOwnRequest(request: Request): boolean {
  if (request.isNavigationRequest()) return true;
  let pageUrl: string;
  try {
    pageUrl = request.frame().url();
  } catch {
    // A service worker's request has no frame; the console has none.
    return false;
  }
  const pageOrigin = originOf(pageUrl);
  return pageOrigin !== null && pageOrigin === originOf(request.url());
}

export const test = base.extend<{ browserProblems: BrowserProblems }>({
  browserProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const allowed: Allowance[] = [];
      const isAllowed = (status: number, url: string) => allowed.some((entry) => entry.status === status && entry.url.test(url));

      const onResponse = (response: Response) => {
        if (response.status() < 400 || !isOwnRequest(response.request())) return;
        if (!isAllowed(response.status(), response.url()))
          problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      };
      const onRequestFailed = (request: Request) => {
        // Aborted on purpose: a navigation away cancels the prefetches and streams of the page it leaves.
        if (request.failure()?.errorText === 'net::ERR_ABORTED' || !isOwnRequest(request)) return;
        problems.push(`${request.failure()?.errorText ?? 'failed'} ${request.method()} ${request.url()}`);
      };
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() !== 'error') return;
        const failedResource = FAILED_RESOURCE.exec(message.text());
        if (failedResource && isAllowed(Number(failedResource[1]), message.location().url)) return;
        problems.push(`console error: ${message.text()}${message.location().url ? ` (${message.location().url})` : ''}`);
      };
      const watch = (watched: BrowserContext) => {
        watched.on('response', onResponse);
        watched.on('requestfailed', onRequestFailed);
        watched.on('console', onConsole);
        watched.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
      };
      watch(context);

      await use({ allow: (status, url) => void allowed.push({ status, url }), watch });

      expect(problems, 'browser console errors and failed requests of the page').toEqual([]);
    },
    { auto: true },
  ],
});
