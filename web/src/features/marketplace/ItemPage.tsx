/**
 * An item's page: description, tags, publisher, a read-only graph preview, what to set up after
 * installing, the Install button (→ the new workflow), reviews (comments rendered as text) and the
 * review form for people of other orgs.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import type { SetupNeeds } from "../../../../worker/contracts/marketplace";
import { useCan } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { Button, Card, ErrorNotice, PageHeader } from "../../ui";
import { CATEGORY_LABELS, ratingText } from "./catalog";
import { GraphPreview } from "./GraphPreview";
import { installItem, refreshItem, useItem, useReviews } from "./marketplace-queries";
import { ReviewForm } from "./ReviewForm";
import { Stars } from "./Stars";

export function ItemPage() {
  const { id = "" } = useParams();
  const item = useItem(id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canInstall = useCan("marketplace:install");
  const canReview = useCan("marketplace:review");
  const install = useMutation({
    mutationFn: () => installItem(id),
    onSuccess: async (result) => {
      await refreshItem(queryClient, id);
      await queryClient.invalidateQueries({ queryKey: ["workflows"] });
      navigate(`/workflows/${result.workflow.id}`);
    },
  });

  if (item.isPending) return <PageHeader title="Loading…" />;
  if (item.error) return <ErrorNotice error={item.error} title="Couldn't load this item" />;
  const data = item.data;
  const isPublisher = data.viewer?.is_publisher ?? false;

  return (
    <>
      <p className="small">
        <Link to="/marketplace">← Marketplace</Link>
      </p>
      <PageHeader
        title={data.title}
        description={`${CATEGORY_LABELS[data.category]} · by ${data.publisher.name}`}
        actions={
          canInstall ? (
            <Button variant="primary" onClick={() => install.mutate()} disabled={install.isPending}>
              {install.isPending ? "Installing…" : "Install"}
            </Button>
          ) : undefined
        }
      />
      {install.error && <ErrorNotice error={install.error} title="Couldn't install" />}
      <Card>
        <p className="mk-rating" data-testid="item-rating">
          <Stars average={data.avg_rating} /> <span>{ratingText(data.avg_rating, data.rating_count)}</span>
          <span className="muted">
            {" · "}
            {data.install_count} {data.install_count === 1 ? "install" : "installs"}
          </span>
        </p>
        <p className="mk-description">{data.description}</p>
        <div className="mk-tags">
          {data.tags.map((tag) => (
            <span key={tag} className="wf-chip">
              {tag}
            </span>
          ))}
        </div>
      </Card>
      <Card title="Preview">
        <GraphPreview graph={data.snapshot} />
      </Card>
      <SetupCard setup={data.setup} />
      <Card title="Reviews">
        {canReview && !isPublisher && (
          <ReviewForm key={data.viewer?.my_review ? "edit" : "new"} itemId={id} mine={data.viewer?.my_review ?? null} />
        )}
        {isPublisher && <p className="muted small">Your organization published this item, so you can't review it.</p>}
        <ReviewList itemId={id} />
      </Card>
    </>
  );
}

function SetupCard({ setup }: { setup: SetupNeeds }) {
  const total = setup.connections.length + setup.secrets.length + setup.references.length;
  return (
    <Card title="After installing, set up">
      {total === 0 && <p className="muted">Nothing: it works as installed.</p>}
      <ul className="mk-setup">
        {setup.connections.map((c) => (
          <li key={`c-${c.node_id}`}>
            A connection for step <code>{c.node_id}</code> ({c.node_type})
          </li>
        ))}
        {setup.secrets.map((s) => (
          <li key={`s-${s.path}`}>
            A secret value at <code>{s.path}</code>
          </li>
        ))}
        {setup.references.map((r) => (
          <li key={`r-${r.node_id}`}>
            {r.kind === "subworkflow" ? "The sub-workflow" : "The approvers"} of step <code>{r.node_id}</code>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function ReviewList({ itemId }: { itemId: string }) {
  const reviews = useReviews(itemId);
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  if (reviews.error) return <ErrorNotice error={reviews.error} title="Couldn't load reviews" />;
  if (reviews.data && items.length === 0) return <p className="muted">No reviews yet.</p>;
  return (
    <>
      <ul className="mk-reviews" aria-label="Reviews">
        {items.map((review) => (
          <li key={review.id}>
            <p>
              <Stars average={review.rating} /> <strong>{review.reviewer.name}</strong>{" "}
              <span className="muted small">{formatDateTime(review.updated_at)}</span>
            </p>
            {/* Text, never HTML: React escapes it. */}
            {review.comment && <p className="mk-review-comment">{review.comment}</p>}
          </li>
        ))}
      </ul>
      {reviews.hasNextPage && (
        <Button onClick={() => void reviews.fetchNextPage()} disabled={reviews.isFetchingNextPage}>
          More reviews
        </Button>
      )}
    </>
  );
}
