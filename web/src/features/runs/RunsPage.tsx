/**
 * `/runs/*`: the runs list at `/runs`, the approvals inbox at `/runs/approvals` and one run at `/runs/:id` (nested
 * routes of the Runs feature).
 */
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../app/NotFoundPage";
import { ApprovalsPage } from "./ApprovalsPage";
import { RunPage } from "./RunPage";
import { RunsListPage } from "./RunsListPage";
import "./runs.css";

/** Mounted by the app router at `runs/*`; the nested routes are relative to `/runs`. */
export function RunsPage() {
  return (
    <Routes>
      <Route index element={<RunsListPage />} />
      <Route path="approvals" element={<ApprovalsPage />} />
      <Route path=":id" element={<RunPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
