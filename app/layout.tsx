import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "./_components/client-messages";
import { SiteHeader } from "./_components/site-header";
import { OfflineSupport } from "./_components/offline-support";
import { elderCookie, isElderMode } from "@/lib/i18n/elder-mode";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: t("appName"), template: `%s · ${t("appName")}` },
    description: t("tagline"),
    // The home-screen app (app/manifest.ts): iOS reads its title from these tags (its icon from app/apple-icon.png).
    appleWebApp: { capable: true, title: t("appName"), statusBarStyle: "default" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#9f1d1d" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  // 长辈模式 (app/_components/elder-switch.tsx) is marked on the server: large from the first paint.
  const elder = isElderMode((await cookies()).get(elderCookie)?.value);
  return (
    <html lang={locale} data-elder={elder ? "on" : undefined}>
      <body className="min-h-screen flex flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-3 focus:bg-base-100 focus:z-50">
          {t("skipToContent")}
        </a>
        <ClientMessages namespaces={[]}>
          <OfflineSupport />
          <SiteHeader />
          <main id="main" className="flex-1 w-full max-w-5xl mx-auto px-4 py-5 md:py-8">
            {children}
          </main>
          <footer className="no-print elder-hide text-center text-base text-base-content/80 py-6 px-4">{t("footer")}</footer>
        </ClientMessages>
      </body>
    </html>
  );
}
