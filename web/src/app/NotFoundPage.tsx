import { Link } from "react-router";
import { Card, PageHeader } from "../ui";

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Card>
        <p>
          There is nothing at this address. <Link to="/">Back to the dashboard</Link>
        </p>
      </Card>
    </>
  );
}
