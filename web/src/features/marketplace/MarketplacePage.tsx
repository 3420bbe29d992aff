import { ComingSoon } from "../../ui";

export function MarketplacePage() {
  return <ComingSoon title="Marketplace" description="Templates published by the community, ready to install." />;
}
