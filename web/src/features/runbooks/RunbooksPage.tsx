/**
 * `/runbooks/*`: the runbook catalog at `/runbooks` and one runbook's page, with its form and Execute, at
 * `/runbooks/:name`. Jobs (executions) have their own screen at `/jobs`, linked from both as a tab.
 */
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../app/NotFoundPage";
import { PageHeader } from "../../ui";
import { RunbookCatalog } from "./RunbookCatalog";
import "./runbooks.css";

// The form generator and its JSON Schema validator (rjsf + Ajv) are big: load them with the runbook page only.
const RunbookDetail = lazy(() => import("./RunbookDetail").then((module) => ({ default: module.RunbookDetail })));

/** Mounted by the app router at `runbooks/*`; the nested routes are relative to `/runbooks`. */
export function RunbooksPage() {
  return (
    <Suspense fallback={<PageHeader title="Loading the runbook…" />}>
      <Routes>
        <Route index element={<RunbookCatalog />} />
        <Route path=":name" element={<RunbookDetail />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
