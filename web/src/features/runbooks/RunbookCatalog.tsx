/** `/runbooks`: the catalog as cards, searchable and filtered by category (both kept in the address). */
import { Link, useSearchParams } from "react-router";
import { Card, PageHeader, QueryState, SelectField, TextField } from "../../ui";
import {
  type CatalogFilter,
  catalogCategories,
  catalogFilterFromParams,
  catalogFilterToParams,
  filterCatalog,
} from "./catalog-filter";
import { RiskBadge } from "./RiskBadge";
import { RunbookTabs } from "./RunbookTabs";
import { type Runbook, useRunbooks } from "./runbook-api";

export function RunbookCatalog() {
  const [params, setParams] = useSearchParams();
  const filter = catalogFilterFromParams(params);
  const runbooks = useRunbooks();
  const all = runbooks.data ?? [];
  const shown = filterCatalog(all, filter);
  const setFilter = (next: CatalogFilter) => setParams(catalogFilterToParams(next), { replace: true });

  return (
    <>
      <PageHeader
        title="Runbooks"
        description="DevOps procedures run from a form, with approvals, live logs and artifacts."
      />
      <RunbookTabs />
      <Card>
        <div className="rb-toolbar">
          <div className="rb-search">
            <TextField
              label="Search runbooks"
              type="search"
              value={filter.search}
              onChange={(e) => setFilter({ ...filter, search: e.target.value })}
            />
          </div>
          <SelectField
            label="Category"
            value={filter.category}
            onChange={(e) => setFilter({ ...filter, category: e.target.value })}
          >
            <option value="">All categories</option>
            {catalogCategories(all).map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </SelectField>
        </div>
        <QueryState query={runbooks} errorTitle="Couldn't load the runbooks" />
        {runbooks.data && shown.length === 0 && (
          <p className="muted">{all.length === 0 ? "No runbooks are available yet." : "No runbook matches."}</p>
        )}
        {shown.length > 0 && (
          <ul className="rb-grid" aria-label="Runbooks">
            {shown.map((runbook) => (
              <RunbookCard key={runbook.name} runbook={runbook} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function RunbookCard({ runbook }: { runbook: Runbook }) {
  return (
    <li className="rb-card" aria-label={runbook.title}>
      <h3>
        <Link to={`/runbooks/${encodeURIComponent(runbook.name)}`}>{runbook.title}</Link>
      </h3>
      <p className="rb-card-meta small">
        <RiskBadge risk={runbook.risk} />
        <span className="muted">{runbook.category}</span>
        {runbook.supports_dry_run && <span className="muted">· supports dry run</span>}
      </p>
      <p className="rb-description">{runbook.description}</p>
      {runbook.required_connections.length > 0 && (
        <p className="muted small">Connections: {runbook.required_connections.map((slot) => slot.key).join(", ")}</p>
      )}
    </li>
  );
}
