import { Card } from "./Card";
import { PageHeader } from "./PageHeader";

/** Placeholder for a screen whose capability has not landed yet. */
export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card>
        <p className="muted">Coming soon.</p>
      </Card>
    </>
  );
}
