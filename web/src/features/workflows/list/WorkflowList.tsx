/** `/workflows`: search, tag chips, archived toggle, the table of workflows with row actions, "Load more". */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { useCan } from "../../../lib/auth";
import { Button, Card, PageHeader, QueryState } from "../../../ui";
import { workflowApi, workflowKeys } from "../workflow-api";
import { ImportWorkflow } from "./ImportWorkflow";
import { filtersFromParams, filtersToParams, type ListFilters, listQuery, tagChips } from "./list-filters";
import { NewWorkflowForm } from "./NewWorkflowForm";
import { WorkflowTable } from "./WorkflowTable";

const DESCRIPTION = "Design workflows as graphs of steps, publish versions, and run them.";
/** Typing pauses this long before the search is sent. */
const SEARCH_DELAY_MS = 300;

/** The route component of `/workflows`. */
export function WorkflowList() {
  const canWrite = useCan("workflows:write");
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const apply = (next: ListFilters) => setParams(filtersToParams(next), { replace: true });
  const workflows = useInfiniteQuery({
    queryKey: workflowKeys.list(filters),
    queryFn: ({ pageParam }) => workflowApi.list(listQuery(filters, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = workflows.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title="Workflows" description={DESCRIPTION} actions={canWrite ? <ImportWorkflow /> : undefined} />
      {canWrite && <NewWorkflowForm />}
      <Card>
        <div className="wf-filters">
          <SearchBox value={filters.q} onSearch={(q) => apply({ ...filters, q })} />
          <label className="inline">
            <input
              type="checkbox"
              className="choice-input"
              checked={filters.archived}
              onChange={(e) => apply({ ...filters, archived: e.target.checked })}
            />
            Archived
          </label>
        </div>
        <TagChips
          tags={tagChips(items, filters.tag)}
          active={filters.tag}
          onPick={(tag) => apply({ ...filters, tag })}
        />
        <QueryState query={workflows} errorTitle="Couldn't load workflows" />
        {workflows.data && items.length === 0 && (
          <p className="muted">{filters.archived ? "No archived workflows match." : "No workflows match."}</p>
        )}
        {items.length > 0 && <WorkflowTable items={items} canWrite={canWrite} />}
        {workflows.hasNextPage && (
          <div className="form-actions">
            <Button onClick={() => workflows.fetchNextPage()} disabled={workflows.isFetchingNextPage}>
              {workflows.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}

/** The search input; sends the text after a pause in typing. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  // The latest callback, without restarting the pause every time the parent renders.
  const search = useRef(onSearch);
  search.current = onSearch;
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => search.current(text), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="field wf-search">
      <label htmlFor="wf-search">Search workflows</label>
      <input
        id="wf-search"
        type="search"
        placeholder="Name or description"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}

function TagChips({
  tags,
  active,
  onPick,
}: {
  tags: string[];
  active: string | null;
  onPick: (tag: string | null) => void;
}) {
  if (tags.length === 0) return null;
  return (
    <fieldset className="wf-chips">
      <legend className="visually-hidden">Filter by tag</legend>
      {tags.map((tag) => (
        <button
          key={tag}
          type="button"
          className={`wf-chip${tag === active ? " wf-chip-active" : ""}`}
          aria-pressed={tag === active}
          onClick={() => onPick(tag === active ? null : tag)}
        >
          {tag}
        </button>
      ))}
    </fieldset>
  );
}
