/** One browser per test file; a fresh context (cookies, storage) per test. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
import { launchBrowser } from "./browser";

export interface E2E {
  baseUrl: string;
  page: Page;
  context: BrowserContext;
}

/** Call at the top of a test file; the returned object's `page` is fresh for every test. */
export function setupBrowser(): E2E {
  let browser: Browser;
  const e2e = { baseUrl: inject("baseUrl") } as E2E;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    e2e.context = await browser.newContext({ baseURL: e2e.baseUrl });
    e2e.page = await e2e.context.newPage();
  });
  afterEach(async () => {
    await e2e.context?.close();
  });
  return e2e;
}
