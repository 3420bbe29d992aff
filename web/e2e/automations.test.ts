/**
 * Automations in the browser: create a destination pointing at a real receiver on 127.0.0.1, send
 * a test event, and watch it arrive, signed, in the delivery log.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { signIn } from "./session";

const e2e = setupBrowser();

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server;
let origin = "";
const requests: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(parts).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The receiver's side of the scheme: HMAC-SHA256 over timestamp.event_id.tenant_id.raw_body. */
function verifies(request: Received, secret: string): boolean {
  const header = (name: string) => String(request.headers[name] ?? "");
  const content = `${header("x-fluxo-timestamp")}.${header("x-fluxo-event-id")}.${header("x-fluxo-tenant-id")}.${request.body}`;
  const expected = createHmac("sha256", secret).update(content).digest();
  return header("x-fluxo-signature")
    .split(" ")
    .filter((part) => part.startsWith("v1="))
    .some((part) => {
      const got = Buffer.from(part.slice(3), "hex");
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

describe("automations", () => {
  it("creates a destination, sends a test event, and shows it delivered in the log", async () => {
    const { page } = e2e;
    await signIn(page, "owner", "/automations");
    await page.getByRole("heading", { level: 1, name: "Automations" }).waitFor();

    const name = `Local receiver ${Date.now().toString(36)}`;
    await page.getByRole("button", { name: "Add destination" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("URL", { exact: true }).fill(`${origin}/hooks/fluxo`);
    await page.getByRole("button", { name: "Create destination" }).click();

    // The generated secret is shown once…
    const secret = await page.getByLabel("Signing secret", { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Done" }).click();
    // …and afterwards only masked.
    const card = page.getByRole("article", { name });
    await card.getByText(`whsec_…${secret.slice(-4)}`).waitFor();

    await card.getByRole("button", { name: `Send a test event to ${name}` }).click();
    await card.getByRole("link", { name: "delivery log" }).click();
    await page.getByRole("heading", { name: "Delivery log" }).waitFor();

    const row = page.getByRole("row").filter({ hasText: "destination.test" }).filter({ hasText: name });
    await row.getByText("Delivered").waitFor({ timeout: 20_000 });
    await row.getByRole("button", { name: `Details of destination.test to ${name}` }).click();
    const attempts = page.getByRole("table", { name: "Attempts" });
    await attempts.getByText("HTTP 200").waitFor();
    expect(await attempts.getByRole("row").count()).toBe(2); // header + one attempt

    // The receiver got exactly that event, signed with the secret the page showed.
    const delivered = requests.filter((r) => JSON.parse(r.body).payload?.destination_name === name);
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0]!.body)).toMatchObject({ type: "destination.test" });
    expect(verifies(delivered[0]!, secret)).toBe(true);
  });
});
