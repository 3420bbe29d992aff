/** A programmable fake OpenAI-compatible LLM server on 127.0.0.1 for the `workers` project (workerd can't listen). */
import type { TestProject } from "vitest/node";
import { startFakeLlm } from "./fakes/llm";

declare module "vitest" {
  interface ProvidedContext {
    fakeLlmUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startFakeLlm();
  project.provide("fakeLlmUrl", server.url);
  return () => server.close();
}
