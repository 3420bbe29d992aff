import { describe, expect, it } from "vitest";
import {
  catalogCategories,
  catalogFilterFromParams,
  catalogFilterToParams,
  filterCatalog,
  NO_CATALOG_FILTER,
} from "./catalog-filter";

const CATALOG = [
  {
    name: "cloudflare_dns_bulk",
    title: "Cloudflare DNS bulk change",
    description: "Many records at once",
    category: "dns",
  },
  { name: "portainer_redeploy", title: "Redeploy a stack", description: "Pull and restart", category: "deploy" },
  { name: "hetzner_snapshot", title: "Snapshot a server", description: "Before risky changes", category: "backup" },
];

describe("catalog filter", () => {
  it("lists each category once, sorted", () => {
    expect(catalogCategories([...CATALOG, { category: "dns" }])).toEqual(["backup", "deploy", "dns"]);
  });

  it("shows everything without a filter, in catalog order", () => {
    expect(filterCatalog(CATALOG, NO_CATALOG_FILTER).map((r) => r.name)).toEqual(CATALOG.map((r) => r.name));
  });

  it("needs every search word somewhere in name, title, description or category, ignoring case", () => {
    expect(filterCatalog(CATALOG, { search: "DNS records", category: "" }).map((r) => r.name)).toEqual([
      "cloudflare_dns_bulk",
    ]);
    expect(filterCatalog(CATALOG, { search: "dns restart", category: "" })).toEqual([]);
  });

  it("narrows to one category, combined with the search", () => {
    expect(filterCatalog(CATALOG, { search: "", category: "deploy" }).map((r) => r.name)).toEqual([
      "portainer_redeploy",
    ]);
    expect(filterCatalog(CATALOG, { search: "snapshot", category: "deploy" })).toEqual([]);
  });

  it("round-trips through the address, leaving empty values out", () => {
    const filter = { search: "dns", category: "network" };
    const params = catalogFilterToParams(filter);
    expect(params.toString()).toBe("q=dns&category=network");
    expect(catalogFilterFromParams(params)).toEqual(filter);
    expect(catalogFilterToParams(NO_CATALOG_FILTER).toString()).toBe("");
  });
});
