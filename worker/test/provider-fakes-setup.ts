/**
 * Vitest globalSetup for the `workers` project: local fakes of the provider APIs the built-in runbooks call
 * (Cloudflare, Portainer, n8n, Hetzner Cloud), real HTTP servers on 127.0.0.1 because workerd can't listen.
 * Tests read the URLs with `inject("cloudflareUrl")` etc. and isolate themselves with a world prefix
 * (`<url>/t/<unique key>`, see worker/test/fakes/index.ts).
 */
import type { TestProject } from "vitest/node";
import { startFakeCloudflare } from "./fakes/cloudflare";
import { startFakeHetzner } from "./fakes/hetzner";
import { startFakeN8n } from "./fakes/n8n";
import { startFakePortainer } from "./fakes/portainer";

declare module "vitest" {
  interface ProvidedContext {
    /** Fake Cloudflare API: `<url>/client/v4`, token `FAKE_CLOUDFLARE_TOKEN`. */
    cloudflareUrl: string;
    /** Fake Portainer API: `<url>/api`, key `FAKE_PORTAINER_API_KEY` in `X-API-Key`. */
    portainerUrl: string;
    /** Fake n8n public API: `<url>/api/v1`, key `FAKE_N8N_API_KEY` in `X-N8N-API-KEY`. */
    n8nUrl: string;
    /** Fake Hetzner Cloud API: `<url>/v1`, token `FAKE_HETZNER_TOKEN`. */
    hetznerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const [cloudflare, portainer, n8n, hetzner] = await Promise.all([
    startFakeCloudflare(),
    startFakePortainer(),
    startFakeN8n(),
    startFakeHetzner(),
  ]);
  const fakes = [cloudflare, portainer, n8n, hetzner];
  project.provide("cloudflareUrl", cloudflare.url);
  project.provide("portainerUrl", portainer.url);
  project.provide("n8nUrl", n8n.url);
  project.provide("hetznerUrl", hetzner.url);
  return async () => {
    await Promise.all(fakes.map((fake) => fake.close()));
  };
}
