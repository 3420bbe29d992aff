/** The review form: 1–5 stars as radio buttons and a plain-text comment; a second review edits the first. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { MAX_REVIEW_COMMENT } from "../../../../worker/contracts/marketplace";
import { Button, ErrorNotice, Notice } from "../../ui";
import { refreshItem, reviewItem } from "./marketplace-queries";

export function ReviewForm({ itemId, mine }: { itemId: string; mine: { rating: number; comment: string } | null }) {
  const commentId = useId();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState(mine?.rating ?? 0);
  const [comment, setComment] = useState(mine?.comment ?? "");
  const review = useMutation({
    mutationFn: () => reviewItem(itemId, rating, comment),
    onSuccess: () => refreshItem(queryClient, itemId),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    review.mutate();
  };
  return (
    <form className="mk-review-form" onSubmit={submit} aria-label="Your review">
      <fieldset className="mk-rating-input">
        <legend>{mine ? "Edit your rating" : "Your rating"}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="inline">
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
            {n} {n === 1 ? "star" : "stars"}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={commentId}>Comment</label>
        <textarea
          id={commentId}
          rows={3}
          maxLength={MAX_REVIEW_COMMENT}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      {review.error && <ErrorNotice error={review.error} title="Couldn't save your review" />}
      {review.isSuccess && <Notice tone="ok">Thanks, your review is saved.</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={rating === 0 || review.isPending}>
          {mine ? "Update review" : "Submit review"}
        </Button>
      </div>
    </form>
  );
}
