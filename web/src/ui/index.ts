/** The small set of shared UI components; features build on these. */
export { Badge, type Tone } from "./Badge";
export { Button } from "./Button";
export { Card } from "./Card";
export { ComingSoon } from "./ComingSoon";
export { ErrorNotice } from "./ErrorNotice";
export { PageHeader } from "./PageHeader";
