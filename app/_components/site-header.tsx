import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { myTodos } from "@/app/_lib/my-todos";
import { publicPage } from "@/app/_lib/page";
import { can } from "@/lib/auth/policy";
import { unreadCount } from "@/lib/notifications/unread-count";
import { ElderSwitch } from "./elder-switch";
import { DropdownMenu } from "./dropdown-menu";
import { LocaleSwitch } from "./locale-switch";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const t = await getTranslations("common");
  const ta = await getTranslations("auth.account");
  const tt = await getTranslations("todo");
  const page = await publicPage("/");
  const { actor } = page.ctx;
  const isStaff = !!actor && actor.status === "verified" && actor.roles.some((r) => r.role === "gridChief" || r.role === "gridWorker" || r.role === "communityAdmin");
  const unread = actor ? await page.read(({ db }) => unreadCount(db, actor.personId)) : 0;
  // The to-do centre's count: the same list, read once per request, that the home page shows under 待我处理.
  const todoCount = actor ? ((await myTodos())?.count ?? 0) : 0;
  const isAdmin = !!actor && actor.roles.some((r) => can(actor, "grid.manage", { communityId: r.communityId }));

  // Everyone's sections, inline on a wide screen; staff's own sections (and every section below xl)
  // are in the menu: all of them inline overflowed the header at 1280 px (name and 退出 broken over lines).
  const links = [
    { href: "/", label: t("nav.home") },
    ...(actor?.status === "verified" ? [{ href: "/topics", label: t("nav.topics") }, { href: "/meetings", label: t("nav.meetings") }, { href: "/ballots", label: t("nav.ballots") }, { href: "/tasks", label: t("nav.tasks") }] : []),
    ...(actor?.roles.some((r) => r.role === "supervisor") ? [{ href: "/ratings", label: t("nav.ratings") }] : []),
    { href: "/notices", label: t("nav.notices") },
    { href: "/community", label: t("nav.community") },
  ];
  const staffLinks = [
    ...(isStaff ? [{ href: "/staff/registrations", label: t("nav.registrations") }, { href: "/dashboard", label: t("nav.dashboard") }] : []),
    ...(isAdmin ? [{ href: "/admin", label: t("nav.admin") }] : []),
  ];

  return (
    <header className="no-print bg-primary text-primary-content shadow-sm">
      <div className="max-w-7xl mx-auto px-4 flex items-center gap-3 min-h-16">
        <Link href="/" className="flex items-center gap-2 font-bold text-xl shrink-0 min-h-11 min-w-11">
          <span aria-hidden className="inline-grid place-items-center size-9 rounded-lg bg-primary-content text-primary text-lg">议</span>
          {/* On a phone the header holds the to-dos, the inbox, the two switches and the menu: the name gives way (hidden only visually, it stays the link's name, which equals its visible text on wider screens). */}
          <span className="max-sm:sr-only">{t("appName")}</span>
        </Link>
        {/* Many roles see many sections: inline only where they fit, the menu everywhere else. */}
        <nav aria-label={t("nav.label")} className="hidden xl:flex gap-0.5 ml-2">
          {links.filter((l) => l.href !== "/").map((l) => (
            <Link key={l.href} href={l.href} className="btn btn-ghost btn-sm px-2 text-base text-primary-content whitespace-nowrap">
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-1 sm:gap-2">
          {todoCount > 0 && (
            <Link href="/#todo" className="btn btn-ghost btn-sm min-h-11 text-primary-content gap-1 px-2" data-testid="todo-badge">
              <span className="sr-only">{tt("badge", { count: todoCount })}</span>
              <svg aria-hidden width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                <path d="M9 11l3 3L22 4" />
                <path d="M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11" />
              </svg>
              {/* The name is the sentence above, which says the count: the badge is its visible form only (no aria-label, so name and visible text never disagree, WCAG 2.5.3). */}
              <span aria-hidden className="badge badge-sm bg-accent text-accent-content border-0" data-testid="todo-badge-count">
                {todoCount > 99 ? "99+" : todoCount}
              </span>
            </Link>
          )}
          {actor && (
            <Link href="/inbox" className="btn btn-ghost btn-sm text-primary-content relative sm:min-h-11 sm:gap-1 sm:px-2">
              <span className="sr-only">{t("nav.inboxCount", { count: unread })}</span>
              <svg aria-hidden width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
                <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
              </svg>
              {/* Beside the bell where there is room, as the to-do count is beside its icon (on top of it, a two-digit
                  count hid the bell); on a phone, on its corner, or the header would be wider than the screen. */}
              {unread > 0 && <span aria-hidden className="badge badge-sm bg-accent text-accent-content border-0 absolute -top-1 -right-1 sm:static" data-testid="unread-count">{unread > 99 ? "99+" : unread}</span>}
            </Link>
          )}
          <span className="elder-hide contents">
            <LocaleSwitch />
          </span>
          <ElderSwitch />
          {actor ? (
            <div className="hidden xl:flex items-center gap-2 whitespace-nowrap">
              <Link href="/account" className="link link-hover inline-flex items-center min-h-11 px-1 text-sm opacity-90 text-primary-content" title={ta("menuLabel")}>
                {actor.name}
              </Link>
              <SignOutButton label={t("signOut")} />
            </div>
          ) : (
            <Link href="/sign-in" className="btn btn-sm bg-primary-content text-primary border-0">
              {t("signIn")}
            </Link>
          )}
          <DropdownMenu className={`dropdown dropdown-end ${staffLinks.length > 0 ? "" : "xl:hidden"}`}>
            <summary className="btn btn-ghost btn-sm text-primary-content" aria-label={t("nav.menu")}>
              <svg aria-hidden width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2">
                <path d="M4 6h16M4 12h16M4 18h16" />
              </svg>
            </summary>
            {/* Every entry is a 44 px tap target (WCAG 2.5.5), the sign-out button too. */}
            <ul className="menu dropdown-content bg-base-100 text-base-content rounded-box z-20 mt-2 w-56 p-2 shadow-lg text-base [&_li>a]:min-h-11 [&_li>a]:items-center [&_li>form]:p-0">
              {links.map((l) => (
                <li key={l.href} className="xl:hidden">
                  <Link href={l.href}>{l.label}</Link>
                </li>
              ))}
              {staffLinks.map((l) => (
                <li key={l.href}>
                  <Link href={l.href}>{l.label}</Link>
                </li>
              ))}
              {actor && (
                <li className="border-t border-base-300 mt-1 pt-1 xl:hidden">
                  <Link href="/account">{ta("menuLabel")}</Link>
                </li>
              )}
              {actor && (
                <li className="menu-title text-sm font-normal text-base-content/70 xl:hidden">{actor.name}</li>
              )}
              {actor && (
                <li className="xl:hidden">
                  <SignOutButton label={t("signOut")} plain />
                </li>
              )}
            </ul>
          </DropdownMenu>
        </div>
      </div>
    </header>
  );
}
