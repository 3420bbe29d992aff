/** `/jobs/*`: the jobs list at `/jobs` and one job, live, at `/jobs/:id`. */
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../app/NotFoundPage";
import { JobPage } from "./JobPage";
import { JobsListPage } from "./JobsListPage";
import "../runs/runs.css";
import "../runbooks/runbooks.css";

/** Mounted by the app router at `jobs/*`; the nested routes are relative to `/jobs`. */
export function JobsPage() {
  return (
    <Routes>
      <Route index element={<JobsListPage />} />
      <Route path=":id" element={<JobPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
