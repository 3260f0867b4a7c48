"use client";

import { useSyncExternalStore } from "react";
import { browserLocale, errorTranslator } from "./_components/access-messages";
import "./globals.css";

const noop = () => () => {};

/**
 * When the root layout itself fails, Next renders this instead of it: its own <html>, no
 * provider, so the language comes from the cookie or the browser (Chinese first).
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = useSyncExternalStore(noop, browserLocale, () => "zh-CN");
  const t = errorTranslator(locale);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-base-200 text-base-content">
        <main className="max-w-xl mx-auto px-4 py-12 flex flex-col gap-4 text-center">
          <h1 className="text-2xl md:text-3xl font-bold">{t("title")}</h1>
          <p className="text-lg">{t("body")}</p>
          {error.digest && <p className="text-base">{t("code", { digest: error.digest })}</p>}
          <div className="flex flex-col sm:flex-row gap-3 justify-center">
            <button type="button" className="btn btn-primary btn-lg" onClick={reset}>
              {t("retry")}
            </button>
            {/* A full load, not a client navigation: the layout that failed must be fetched again. */}
            <a href="/" className="btn btn-outline btn-lg">
              {t("home")}
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
