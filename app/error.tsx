"use client";

import Link from "next/link";
import { useLocale } from "next-intl";
import { useEffect, useRef } from "react";
import { errorTranslator } from "./_components/access-messages";

/**
 * What a page that failed shows (HTTP 500): in the reader's language, never a stack trace, with
 * a retry and a way home. The digest lets staff find the server's log line.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = errorTranslator(useLocale());
  const heading = useRef<HTMLHeadingElement>(null);
  // Screen readers hear the new heading, not silence.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section role="alert" className="max-w-xl mx-auto py-8 flex flex-col gap-4 text-center" data-testid="error-page">
      <h1 ref={heading} tabIndex={-1} className="text-2xl md:text-3xl font-bold outline-none">
        {t("title")}
      </h1>
      <p className="text-lg">{t("body")}</p>
      {error.digest && <p className="text-base text-base-content/80">{t("code", { digest: error.digest })}</p>}
      <div className="flex flex-col sm:flex-row gap-3 justify-center">
        <button type="button" className="btn btn-primary btn-lg" onClick={reset}>
          {t("retry")}
        </button>
        <Link href="/" className="btn btn-outline btn-lg">
          {t("home")}
        </Link>
      </div>
    </section>
  );
}
