/** `/marketplace/*`: the catalog (with the Publish dialog) and an item's page (`/marketplace/:id`). */
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../app/NotFoundPage";
import { CatalogPage } from "./CatalogPage";
import { ItemPage } from "./ItemPage";
import "./marketplace.css";

/** The route component of `/marketplace/*`; routes inside the feature. */
export function MarketplacePage() {
  return (
    <Routes>
      <Route index element={<CatalogPage />} />
      <Route path=":id" element={<ItemPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
