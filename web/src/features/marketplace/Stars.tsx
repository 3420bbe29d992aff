/** A read-only row of five stars for an average rating, named for assistive tech. */
import { starsOf } from "./catalog";

const GLYPH = { full: "★", half: "⯪", empty: "☆" } as const;

export function Stars({ average }: { average: number }) {
  return (
    <span className="mk-stars" role="img" aria-label={`Rated ${average.toFixed(1)} out of 5`}>
      {starsOf(average).map((kind, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: five fixed positions
        <span key={index} className={`mk-star mk-star-${kind}`} aria-hidden="true">
          {GLYPH[kind]}
        </span>
      ))}
    </span>
  );
}
