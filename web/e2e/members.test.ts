/** Settings › Members: invites by one-time link, role changes, removal, and what a viewer may not do. */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, DEMO, STRONG_PASSWORD, signIn, uniqueEmail } from "./session";

const e2e = setupBrowser();
/** Several pages and a second browser context: give a loaded machine room. */
const LONG_FLOW_MS = 60_000;

/** Creates an invite through the form and returns the one-time link it shows. */
async function inviteThroughForm(email: string, role: "admin" | "operator" | "viewer"): Promise<string> {
  const { page } = e2e;
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create invite" }) });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create invite" }).click();
  const link = page.getByRole("textbox", { name: "Invite link" });
  await link.waitFor();
  return link.inputValue();
}

describe("members", () => {
  it(
    "invites with a one-time link that the invitee opens in a fresh browser to join",
    async () => {
      const { page, baseUrl } = e2e;
      const email = uniqueEmail("invitee");
      await signIn(page, "owner", "/settings/members");
      const link = await inviteThroughForm(email, "operator");
      expect(link).toMatch(new RegExp(`^${baseUrl}/invite/[A-Za-z0-9_-]{20,}$`));
      await page.getByRole("button", { name: "Copy invite link" }).waitFor();
      await page.getByRole("cell", { name: email, exact: true }).waitFor(); // pending invites

      // The invitee: a separate browser context (no cookies of the owner).
      const other = await e2e.context.browser()!.newContext({ baseURL: baseUrl });
      try {
        const invitee = await other.newPage();
        await invitee.goto(link);
        await invitee.getByRole("heading", { name: "Join an organization" }).waitFor();
        await invitee.getByLabel("Your name").fill("Ivy Invitee");
        await invitee.getByLabel("Password").fill(STRONG_PASSWORD);
        await invitee.getByRole("button", { name: "Join organization" }).click();
        await invitee.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
        await invitee.getByRole("banner").getByText("Ivy Invitee").waitFor();
        const org = invitee.getByRole("combobox", { name: "Organization" });
        expect(await org.locator("option:checked").textContent()).toBe(`${DEMO.orgName} (operator)`);

        // The link worked once.
        const again = await other.newPage();
        await again.goto(link);
        await again.getByLabel("Your name").fill("Ivy Again");
        await again.getByLabel("Password").fill(STRONG_PASSWORD);
        await again.getByRole("button", { name: "Join organization" }).click();
        await again.getByText("This invite link is invalid, expired or already used").waitFor();
      } finally {
        await other.close();
      }

      await page.reload();
      const row = page.getByRole("row", { name: new RegExp(email) });
      await row.waitFor();
      expect(await page.getByRole("combobox", { name: "Role for Ivy Invitee" }).inputValue()).toBe("operator");
      expect(await page.getByRole("button", { name: `Cancel invite for ${email}` }).count()).toBe(0);
    },
    LONG_FLOW_MS,
  );

  it("cancels a pending invite", async () => {
    const { page } = e2e;
    const email = uniqueEmail("cancel-me");
    await signIn(page, "owner", "/settings/members");
    await inviteThroughForm(email, "viewer");
    await page.getByRole("button", { name: "Done" }).click();
    // The one-time link is gone once dismissed (wait for React to re-render before counting).
    await page.getByRole("textbox", { name: "Invite link" }).waitFor({ state: "detached" });
    expect(await page.getByRole("textbox", { name: "Invite link" }).count()).toBe(0);
    await page.getByRole("button", { name: `Cancel invite for ${email}` }).click();
    await page.getByRole("cell", { name: email, exact: true }).waitFor({ state: "detached" });
  });

  it(
    "changes a member's role and removes them after confirming",
    async () => {
      const { page, baseUrl } = e2e;
      const email = uniqueEmail("member");
      await signIn(page, "owner", "/settings/members");
      const link = await inviteThroughForm(email, "viewer");
      const api = await apiClient(baseUrl);
      try {
        const joined = await api.post("/api/v1/auth/accept-invite", {
          data: { token: link.split("/").pop(), name: "Max Member", password: STRONG_PASSWORD },
        });
        expect(joined.status()).toBe(200);
      } finally {
        await api.dispose();
      }
      await page.reload();

      const role = page.getByRole("combobox", { name: "Role for Max Member" });
      await role.selectOption("admin");
      await page.reload();
      expect(await page.getByRole("combobox", { name: "Role for Max Member" }).inputValue()).toBe("admin");

      await page.getByRole("button", { name: "Remove Max Member" }).click();
      await page.getByText("Remove Max Member?").waitFor();
      await page.getByRole("button", { name: "Remove", exact: true }).click();
      await page.getByRole("cell", { name: email, exact: true }).waitFor({ state: "detached" });
      await page.reload();
      await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).waitFor();
      expect(await page.getByRole("cell", { name: email, exact: true }).count()).toBe(0);
    },
    LONG_FLOW_MS,
  );

  it("shows a viewer the members but no write controls, no API keys and no audit trail", async () => {
    const { page } = e2e;
    await signIn(page, "viewer", "/settings/members");
    await page.getByRole("cell", { name: DEMO.owner.email, exact: true }).waitFor();
    await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Create invite" }).count()).toBe(0);
    expect(await page.getByRole("combobox", { name: /^Role for/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Remove/ }).count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Pending invites" }).count()).toBe(0);

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
    await page.getByText("Only admins can see and manage API keys").waitFor();
    expect(await page.getByRole("button", { name: "Create key" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Revoke/ }).count()).toBe(0);

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Organization" }).click();
    await page.getByText("Execution limits (steps, timeouts").waitFor();
    expect(await page.getByRole("button", { name: /^Save/ }).count()).toBe(0);
    expect(await page.getByRole("textbox", { name: "Name", exact: true }).count()).toBe(0);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Limits" }).click();
    await page.getByText("Only owners can change these.").waitFor();
    expect(await page.getByRole("button", { name: /^Save/ }).count()).toBe(0);

    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Settings" }).waitFor();
    expect(await nav.getByRole("link", { name: "Audit" }).count()).toBe(0);
    await page.goto("/audit");
    await page.getByText("Only admins can read the audit trail").waitFor();
    expect(await page.getByRole("button", { name: "Apply filters" }).count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
  });
});
