/**
 * The catalog: category navigation with counts, a search box, tag chips, a sort select, item cards
 * and "Load more"; admins also get the Publish dialog.
 */
import { type FormEvent, useState } from "react";
import type { MarketplaceCategory } from "../../../../worker/contracts/marketplace";
import { useCan } from "../../lib/auth";
import { Button, Card, PageHeader, QueryState, SelectField } from "../../ui";
import {
  CATEGORY_LABELS,
  type CatalogFilters,
  type CatalogSort,
  EMPTY_FILTERS,
  SORT_OPTIONS,
  toggleTag,
} from "./catalog";
import { ItemCard } from "./ItemCard";
import { useCatalog, useCategories } from "./marketplace-queries";
import { PublishDialog } from "./PublishDialog";

export function CatalogPage() {
  const [filters, setFilters] = useState<CatalogFilters>(EMPTY_FILTERS);
  const [text, setText] = useState("");
  const [publishing, setPublishing] = useState(false);
  const canPublish = useCan("marketplace:publish");
  const catalog = useCatalog(filters);
  const categories = useCategories();
  const items = catalog.data?.pages.flatMap((page) => page.items) ?? [];
  const shownTags = [...new Set([...filters.tags, ...items.flatMap((item) => item.tags)])].slice(0, 20);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...filters, q: text });
  };
  const pickCategory = (category: MarketplaceCategory | null) => setFilters({ ...filters, category });
  const pickTag = (tag: string) => setFilters({ ...filters, tags: toggleTag(filters.tags, tag) });

  return (
    <>
      <PageHeader
        title="Marketplace"
        description="Workflows published by other teams, ready to install."
        actions={
          canPublish ? (
            <Button variant="primary" onClick={() => setPublishing(true)}>
              Publish a workflow
            </Button>
          ) : undefined
        }
      />
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
      <div className="mk-layout">
        <nav aria-label="Categories" className="mk-categories">
          <ul>
            <li>
              <button
                type="button"
                aria-pressed={filters.category === null}
                className={filters.category === null ? "is-active" : undefined}
                onClick={() => pickCategory(null)}
              >
                All
              </button>
            </li>
            {categories.data?.items.map(({ category, count }) => (
              <li key={category}>
                <button
                  type="button"
                  aria-pressed={filters.category === category}
                  className={filters.category === category ? "is-active" : undefined}
                  onClick={() => pickCategory(category)}
                >
                  {CATEGORY_LABELS[category]} <span className="muted">({count})</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <Card>
          <form className="mk-toolbar" onSubmit={search}>
            <div className="field mk-search">
              <label htmlFor="mk-search">Search the marketplace</label>
              <input
                id="mk-search"
                type="search"
                placeholder="Words in the title, description or tags"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </div>
            <Button type="submit">Search</Button>
            <SelectField
              label="Sort by"
              value={filters.sort ?? ""}
              onChange={(e) => setFilters({ ...filters, sort: (e.target.value || null) as CatalogSort | null })}
            >
              <option value="">Default</option>
              {SORT_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </SelectField>
          </form>
          {shownTags.length > 0 && (
            <fieldset className="wf-chips">
              <legend className="visually-hidden">Filter by tag</legend>
              {shownTags.map((tag) => (
                <button
                  key={tag}
                  type="button"
                  className={`wf-chip${filters.tags.includes(tag) ? " wf-chip-active" : ""}`}
                  aria-pressed={filters.tags.includes(tag)}
                  onClick={() => pickTag(tag)}
                >
                  {tag}
                </button>
              ))}
            </fieldset>
          )}
          <QueryState query={catalog} errorTitle="Couldn't load the marketplace" />
          {catalog.data && items.length === 0 && <p className="muted">Nothing matches yet.</p>}
          {items.length > 0 && (
            <ul className="mk-grid" aria-label="Marketplace items">
              {items.map((item) => (
                <ItemCard key={item.id} item={item} onTag={pickTag} />
              ))}
            </ul>
          )}
          {catalog.hasNextPage && (
            <div className="form-actions">
              <Button onClick={() => void catalog.fetchNextPage()} disabled={catalog.isFetchingNextPage}>
                {catalog.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
