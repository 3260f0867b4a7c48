import { Forbidden } from "./_components/forbidden";

/** What `forbidden()` shows (HTTP 403): a refusal no page explains in its own words (app/_lib/page.ts). */
export default function ForbiddenPage() {
  return <Forbidden />;
}
