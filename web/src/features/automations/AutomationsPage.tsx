/** Automations: destinations for signed outbound events, and the delivery log (`/automations/*`). */
import { NavLink, Route, Routes } from "react-router";
import { PageHeader } from "../../ui";
import { DeliveryLog } from "./DeliveryLog";
import { DestinationsPanel } from "./DestinationsPanel";
import "./automations.css";

export function AutomationsPage() {
  return (
    <>
      <PageHeader
        title="Automations"
        description="Send signed events to your systems, watch every delivery, and accept signed callbacks."
      />
      <nav aria-label="Automations" className="automations-tabs">
        <NavLink to="/automations" end>
          Destinations
        </NavLink>
        <NavLink to="/automations/deliveries">Delivery log</NavLink>
      </nav>
      <Routes>
        <Route index element={<DestinationsPanel />} />
        <Route path="deliveries" element={<DeliveryLog />} />
        <Route path="*" element={<DestinationsPanel />} />
      </Routes>
    </>
  );
}
