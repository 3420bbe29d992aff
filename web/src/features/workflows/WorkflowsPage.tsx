/**
 * `/workflows/*`: the list, the draft editor (`/workflows/:id`), its triggers (`/workflows/:id/triggers`) and
 * read-only versions (`/workflows/:id/versions/:n`).
 */
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../app/NotFoundPage";
import { PageHeader } from "../../ui";
import { WorkflowList } from "./list/WorkflowList";
import "./workflows.css";

// The editor brings React Flow, dagre and the expression engine: load them only when a workflow is opened.
const EditorPage = lazy(() => import("./editor/EditorPage").then((module) => ({ default: module.EditorPage })));
const TriggersPage = lazy(() => import("./triggers/TriggersPage").then((module) => ({ default: module.TriggersPage })));
const VersionPage = lazy(() => import("./editor/VersionPage").then((module) => ({ default: module.VersionPage })));

/** The route component of `/workflows/*`; routes inside the feature. */
export function WorkflowsPage() {
  return (
    <Suspense fallback={<PageHeader title="Loading the editor…" />}>
      <Routes>
        <Route index element={<WorkflowList />} />
        <Route path=":id" element={<EditorPage />} />
        <Route path=":id/triggers" element={<TriggersPage />} />
        <Route path=":id/versions/:version" element={<VersionPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
