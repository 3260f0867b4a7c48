import Link from "next/link";
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Alert, PageTitle } from "./ui";

/**
 * The one "not for you" view: a title, why (large type), and a big way back. app/forbidden.tsx
 * shows it with the general wording for any refusal a page does not explain itself; a page that
 * explains one in its own words ("wait to be verified", "only the grid's staff…") passes them as
 * children. Pages reach it through app/_lib/page.ts, never by catching errors themselves.
 * Synchronous (useTranslations), so a page may return it from anywhere in its tree.
 */
export function Forbidden({ title, back, children }: { title?: string; back?: { href: string; label: string }; children?: ReactNode }) {
  const t = useTranslations("common.forbidden");
  return (
    <div className="max-w-3xl flex flex-col gap-4" data-testid="forbidden">
      <PageTitle title={title ?? t("title")} />
      <Alert tone="warning" role="alert">
        <span className="text-lg">{children ?? t("body")}</span>
      </Alert>
      <Link href={back?.href ?? "/"} className="btn btn-outline btn-lg self-start">
        ‹ {back?.label ?? t("home")}
      </Link>
    </div>
  );
}
