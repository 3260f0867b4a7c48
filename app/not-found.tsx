import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("access.notFound");
  return { title: t("title") };
}

/** Every unknown address and every notFound(): in the reader's language (Chinese first), with a way home. HTTP 404. */
export default async function NotFound() {
  const t = await getTranslations("access.notFound");
  return (
    <section className="max-w-xl mx-auto py-8 flex flex-col gap-4 text-center" data-testid="not-found">
      <p aria-hidden className="text-6xl font-bold text-primary">404</p>
      <h1 className="text-2xl md:text-3xl font-bold">{t("title")}</h1>
      <p className="text-lg">{t("body")}</p>
      <Link href="/" className="btn btn-primary btn-lg self-center min-w-48">
        {t("home")}
      </Link>
    </section>
  );
}
