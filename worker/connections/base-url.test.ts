import { describe, expect, it } from "vitest";
import { withinBaseUrl } from "./base-url";

describe("withinBaseUrl", () => {
  const table: [string, string, boolean][] = [
    ["https://api.example.com/v1/zones", "https://api.example.com/v1", true],
    ["https://api.example.com/v1", "https://api.example.com/v1/", true],
    ["https://api.example.com/v1x/zones", "https://api.example.com/v1", false],
    ["https://api.example.com/anything", "https://api.example.com", true],
    ["http://api.example.com/v1/zones", "https://api.example.com/v1", false],
    ["https://api.example.com.evil.test/v1", "https://api.example.com/v1", false],
    ["https://api.example.com:8443/v1", "https://api.example.com/v1", false],
    ["https://api.example.com/v1", "not a url", false],
  ];
  for (const [url, base, ok] of table) {
    it(`${ok ? "lends" : "refuses"} ${url} under ${base}`, () => {
      expect(withinBaseUrl(new URL(url), base)).toBe(ok);
    });
  }
});
