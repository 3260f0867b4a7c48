"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const sections = [
  { href: "/admin", key: "overview", exact: true },
  { href: "/admin/grids", key: "grids", also: ["/admin/buildings"] },
  { href: "/admin/imports", key: "import" },
  { href: "/admin/people", key: "people" },
  { href: "/admin/activation", key: "activation" },
  { href: "/admin/messages", key: "messages" },
  { href: "/admin/organisations", key: "organisations" },
  { href: "/admin/catalog", key: "catalog" },
] as const;

/** The admin area's own tabs; on a phone they scroll sideways instead of wrapping. */
export function AdminNav() {
  const t = useTranslations("admin");
  const path = usePathname();
  const isActive = (s: (typeof sections)[number]) =>
    "exact" in s ? path === s.href : path.startsWith(s.href) || ("also" in s && s.also.some((p) => path.startsWith(p)));
  return (
    <nav aria-label={t("nav.label")} className="no-print -mx-4 px-4 mb-5 overflow-x-auto">
      <ul className="flex gap-2 w-max">
        {sections.map((s) => {
          const active = isActive(s);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={active ? "page" : undefined}
                className={`btn btn-md text-base ${active ? "btn-primary" : "btn-ghost bg-base-100 border-base-300"}`}
              >
                {t(`nav.${s.key}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
