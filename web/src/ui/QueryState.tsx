import { ErrorNotice } from "./ErrorNotice";

/** What a query's loading and error states need (a TanStack Query result fits). */
interface QueryLike {
  isPending: boolean;
  error: unknown;
}

/** The loading line and the error notice of a query, shown above whatever renders its data. */
export function QueryState({ query, errorTitle }: { query: QueryLike; errorTitle: string }) {
  return (
    <>
      {query.isPending && <p className="muted">Loading…</p>}
      {query.error ? <ErrorNotice error={query.error} title={errorTitle} /> : null}
    </>
  );
}
