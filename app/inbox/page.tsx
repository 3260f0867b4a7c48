import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SubmitButton } from "@/app/_components/form";
import { EmptyState, PageTitle } from "@/app/_components/ui";
import { signedInPage } from "@/app/_lib/page";
import { listNotifications, type InboxMessage } from "@/lib/notifications/list";
import { markAllReadAction, openNotificationAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("inbox");
  return { title: t("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  const page = await signedInPage("/inbox");
  const sp = await searchParams;
  const t = await getTranslations("inbox");
  const format = await getFormatter();
  const inbox = await page.read((ctx) => listNotifications(ctx, { page: first(sp.page), unread: first(sp.unread) }));

  const href = (page: number, unread = inbox.unreadOnly) => {
    const q = new URLSearchParams();
    if (unread) q.set("unread", "1");
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return s ? `/inbox?${s}` : "/inbox";
  };

  const describe = (m: InboxMessage) =>
    t(`kinds.${m.kind}`, {
      topic: m.topicTitle ?? t("unknownTopic"),
      meeting: m.meetingTitle ?? t("unknownMeeting"),
      organisation: m.details.organisation ?? t("someOrganisation"),
      into: m.details.mergedInto ?? t("unknownTopic"),
      task: m.details.task ?? "",
      reason: m.details.reason ?? "",
    });
  const more = (m: InboxMessage) =>
    [
      m.details.cancelled ? t("cancelled") : null,
      m.details.startsAt && !m.details.cancelled ? t("startsAt", { at: format.dateTime(m.details.startsAt, "dateTime") }) : null,
      // A declined task's message already says why.
      m.details.reason && m.kind !== "taskDeclined" ? t("reason", { reason: m.details.reason }) : null,
    ].filter((line): line is string => !!line);

  return (
    <div>
      <PageTitle title={t("title")} subtitle={t("subtitle")} />
      <div className="flex flex-wrap items-center gap-3 mb-4">
        <p className="text-lg font-medium" role="status">
          {t("unreadCount", { count: inbox.unreadCount })}
        </p>
        {inbox.unreadCount > 0 && (
          <form action={markAllReadAction} className="ml-auto">
            <SubmitButton className="btn-outline btn-primary">{t("markAllRead")}</SubmitButton>
          </form>
        )}
      </div>
      <nav aria-label={t("filter")} className="tabs tabs-box mb-4 w-fit">
        <Link href={href(1, false)} className={`tab text-base ${inbox.unreadOnly ? "" : "tab-active"}`} aria-current={inbox.unreadOnly ? undefined : "page"}>
          {t("all")}
        </Link>
        <Link href={href(1, true)} className={`tab text-base ${inbox.unreadOnly ? "tab-active" : ""}`} aria-current={inbox.unreadOnly ? "page" : undefined}>
          {t("unreadOnly")}
        </Link>
      </nav>

      {inbox.messages.length === 0 ? (
        <EmptyState>{inbox.unreadOnly ? t("emptyUnread") : t("empty")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="inbox">
          {inbox.messages.map((m) => (
            <li key={m.id}>
              <form action={openNotificationAction.bind(null, m.id)}>
                <button
                  type="submit"
                  className={`w-full text-left rounded-box border p-4 flex items-start gap-3 cursor-pointer transition-colors hover:bg-base-200 focus-visible:outline-2 focus-visible:outline-primary ${
                    m.read ? "bg-base-100 border-base-300" : "bg-primary/5 border-primary border-l-4"
                  }`}
                >
                  <span className="flex-1 min-w-0">
                    <span className={`block text-base md:text-lg leading-snug break-words ${m.read ? "text-base-content/80" : "font-semibold"}`}>
                      {!m.read && <span className="badge badge-primary badge-sm align-middle mr-2">{t("unread")}</span>}
                      {describe(m)}
                    </span>
                    {more(m).map((line) => (
                      <span key={line} className="block text-base text-base-content/70 mt-1 break-words">
                        {line}
                      </span>
                    ))}
                    <time dateTime={m.createdAt.toISOString()} className="block text-sm text-base-content/60 mt-1">
                      {format.dateTime(m.createdAt, "dateTime")}
                    </time>
                  </span>
                  <span aria-hidden className="text-2xl text-base-content/40 leading-none">
                    ›
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      {inbox.pageCount > 1 && (
        <nav aria-label={t("pagination")} className="flex items-center justify-between gap-2 mt-5">
          {inbox.page > 1 ? (
            <Link href={href(inbox.page - 1)} className="btn btn-outline">
              ‹ {t("prev")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-base-content/70">{t("pageOf", { page: inbox.page, pages: inbox.pageCount })}</span>
          {inbox.page < inbox.pageCount ? (
            <Link href={href(inbox.page + 1)} className="btn btn-outline">
              {t("next")} ›
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
