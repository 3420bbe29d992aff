/** `/audit`: the org's audit trail (admins), newest first, with filters and "Load more". */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { ApiError, api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { Button, Card, Notice, PageHeader, QueryState } from "../../ui";
import { AuditFiltersForm } from "./AuditFiltersForm";
import { AuditTable } from "./AuditTable";
import { auditQuery, filtersFromParams, filtersToParams } from "./audit-query";

const DESCRIPTION = "Every state-changing action in your organization.";

function OnlyAdmins() {
  return <Notice title="Only admins can read the audit trail">Ask an admin or owner of this organization.</Notice>;
}

export function AuditPage() {
  const canRead = useCan("audit:read");
  return (
    <>
      <PageHeader title="Audit" description={DESCRIPTION} />
      {canRead ? <AuditTrail /> : <OnlyAdmins />}
    </>
  );
}

function AuditTrail() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const events = useInfiniteQuery({
    queryKey: ["audit", filters],
    queryFn: ({ pageParam }) => unwrap(api.api.v1.audit.$get({ query: auditQuery(filters, pageParam) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  // The role may have changed since the page loaded: the server's 403 gets the same friendly answer.
  if (events.error instanceof ApiError && events.error.status === 403) return <OnlyAdmins />;
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <Card title="Filters">
        <AuditFiltersForm
          key={params.toString()}
          applied={filters}
          onApply={(next) => setParams(filtersToParams(next))}
        />
      </Card>
      <Card title="Events">
        <QueryState query={events} errorTitle="Couldn't load the audit trail" />
        {events.data && items.length === 0 && <p className="muted">No events match these filters.</p>}
        {items.length > 0 && <AuditTable events={items} />}
        {events.hasNextPage && (
          <div className="form-actions">
            <Button onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              {events.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
