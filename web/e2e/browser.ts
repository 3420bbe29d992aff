/**
 * Finds a Chromium in a fixed order (CHROMIUM_PATH, Debian's /usr/bin/chromium, then the
 * npm-shipped @sparticuz/chromium) and launches it with playwright-core. Never skips: without a
 * browser the tests fail and say how to get one.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

async function findChromium(): Promise<{ path: string; args: string[] }> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return { path: fromEnv, args: FLAGS };
  }
  if (existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium", args: FLAGS };
  try {
    const sparticuz = (await import("@sparticuz/chromium")).default;
    return { path: await sparticuz.executablePath(), args: [...sparticuz.args, ...FLAGS] };
  } catch (err) {
    throw new Error(
      "No Chromium found for the browser tests. Install Debian's (`apt-get install -y chromium`), " +
        `or set CHROMIUM_PATH to a Chromium binary. (@sparticuz/chromium failed: ${(err as Error).message})`,
    );
  }
}

export async function launchBrowser(): Promise<Browser> {
  const { path, args } = await findChromium();
  return chromium.launch({ executablePath: path, args, headless: true });
}
