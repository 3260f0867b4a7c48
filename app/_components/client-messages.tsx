import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";

/**
 * The part of the message catalog a section's client components translate with. The whole
 * catalog (≈ 80 kB in Chinese) would otherwise be serialized into every page; each section's
 * layout names the namespaces its client components use (see `useTranslations` in its
 * "use client" files), and pages outside those sections get none.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: string[]; children: React.ReactNode }) {
  const all = (await getMessages()) as Record<string, unknown>;
  const messages = Object.fromEntries(namespaces.filter((n) => n in all).map((n) => [n, all[n]]));
  return <NextIntlClientProvider messages={messages as never}>{children}</NextIntlClientProvider>;
}
