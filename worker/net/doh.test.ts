import { describe, expect, it } from "vitest";
import { type DohFetch, dohResolver } from "./doh";
import { checkUrl } from "./policy";

type Answer = { status?: number; body: unknown };

/** A fake DoH endpoint: answers keyed by "name type", recording what was asked. */
function fakeDoh(answers: Record<string, Answer>) {
  const asked: { url: string; accept: string | undefined }[] = [];
  const fetchFn: DohFetch = async (input, init) => {
    asked.push({ url: input, accept: init.headers.accept });
    const url = new URL(input);
    const answer = answers[`${url.searchParams.get("name")} ${url.searchParams.get("type")}`];
    const status = answer?.status ?? (answer ? 200 : 500);
    return { ok: status === 200, status, json: async () => answer?.body };
  };
  return { fetchFn, asked };
}

describe("dohResolver", () => {
  it("asks for A and AAAA in DNS JSON form and returns both families, following CNAMEs", async () => {
    const { fetchFn, asked } = fakeDoh({
      "www.example.com A": {
        body: {
          Status: 0,
          Answer: [
            { name: "www.example.com", type: 5, TTL: 60, data: "edge.example.net." },
            { name: "edge.example.net", type: 1, TTL: 60, data: "93.184.216.34" },
          ],
        },
      },
      "www.example.com AAAA": {
        body: { Status: 0, Answer: [{ name: "edge.example.net", type: 28, TTL: 60, data: "2606:2800:220:1::1" }] },
      },
    });
    const resolve = dohResolver(fetchFn, "https://dns.example/dns-query");
    expect(await resolve("www.example.com")).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
    expect(asked.map((a) => a.url).sort()).toEqual([
      "https://dns.example/dns-query?name=www.example.com&type=A",
      "https://dns.example/dns-query?name=www.example.com&type=AAAA",
    ]);
    expect(asked.every((a) => a.accept === "application/dns-json")).toBe(true);
  });

  it("returns no addresses for NXDOMAIN", async () => {
    const nx = { body: { Status: 3 } };
    const { fetchFn } = fakeDoh({ "gone.example A": nx, "gone.example AAAA": nx });
    expect(await dohResolver(fetchFn)("gone.example")).toEqual([]);
  });

  it("fails closed when either family can't be looked up", async () => {
    const ok = { body: { Status: 0, Answer: [{ type: 1, data: "93.184.216.34" }] } };
    const cases: Record<string, Answer>[] = [
      { "x.example A": ok, "x.example AAAA": { body: { Status: 2 } } }, // SERVFAIL
      { "x.example A": ok, "x.example AAAA": { status: 503, body: null } },
      { "x.example A": ok, "x.example AAAA": { body: "<html>" } },
      { "x.example A": ok, "x.example AAAA": { body: { Status: 0, Answer: [{ type: 28, data: "10.0.0.1" }] } } },
    ];
    for (const answers of cases) {
      await expect(dohResolver(fakeDoh(answers).fetchFn)("x.example")).rejects.toThrow();
    }
  });

  it("takes the platform fetch as is", () => {
    expect(typeof dohResolver(fetch)).toBe("function"); // type-checks DohFetch against fetch; sends nothing
  });

  it("refuses a plain-http endpoint", () => {
    expect(() => dohResolver(fakeDoh({}).fetchFn, "http://dns.example/dns-query")).toThrow(/https/);
  });

  it("lets the policy refuse a name that resolves to a private address", async () => {
    const { fetchFn } = fakeDoh({
      "evil.example A": { body: { Status: 0, Answer: [{ type: 1, data: "192.168.1.10" }] } },
      "evil.example AAAA": { body: { Status: 0 } },
    });
    const check = await checkUrl("https://evil.example/", { allowLoopback: false, resolver: dohResolver(fetchFn) });
    expect(check).toMatchObject({ ok: false, reason: "private", details: { address: "192.168.1.10" } });
  });
});
