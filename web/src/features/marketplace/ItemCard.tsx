/** One catalog card: title, publisher, description, tags, stars and installs; the title links to the item. */
import { Link } from "react-router";
import type { MarketplaceItemSummary } from "../../../../worker/contracts/marketplace";
import { CATEGORY_LABELS, ratingText } from "./catalog";
import { Stars } from "./Stars";

export function ItemCard({ item, onTag }: { item: MarketplaceItemSummary; onTag: (tag: string) => void }) {
  return (
    <li className="mk-card">
      <h3>
        <Link to={`/marketplace/${item.id}`}>{item.title}</Link>
      </h3>
      <p className="muted small">
        {CATEGORY_LABELS[item.category]} · by {item.publisher.name}
      </p>
      <p className="mk-card-description">{item.description}</p>
      <div className="mk-tags">
        {item.tags.map((tag) => (
          <button key={tag} type="button" className="wf-chip" onClick={() => onTag(tag)}>
            {tag}
          </button>
        ))}
      </div>
      <p className="mk-card-stats small">
        <Stars average={item.avg_rating} /> <span>{ratingText(item.avg_rating, item.rating_count)}</span>
        <span className="muted">
          {" · "}
          {item.install_count} {item.install_count === 1 ? "install" : "installs"}
        </span>
      </p>
    </li>
  );
}
