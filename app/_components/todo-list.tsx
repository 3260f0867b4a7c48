import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { TodoItem } from "@/lib/domain/todo";
import { formatDate } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/config";
import { fromShanghaiDate } from "@/lib/time";

/** Items shown before the rest fold away, so a chief's home page stays short. */
const SHOWN = 8;

/** Dates as everywhere else (lib/i18n/dates.ts): 2026年12月11日 00:36, a calendar day without the time. */
function dueText(due: TodoItem["due"], locale: Locale): string {
  if (!due) return "";
  return "at" in due ? formatDate(due.at, locale) : formatDate(fromShanghaiDate(due.on, 12), locale, "date");
}

async function TodoRow({ item }: { item: TodoItem }) {
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations("todo");
  const what = t(`kinds.${item.kind}`, { count: item.count });
  const subject = item.title || what;
  return (
    <li
      className={`rounded-box border bg-base-100 p-3 flex flex-col sm:flex-row sm:items-center gap-2 ${item.urgency === "overdue" ? "border-error" : item.urgency === "soon" ? "border-warning" : "border-base-300"}`}
      data-testid="todo-item"
      data-kind={item.kind}
    >
      <div className="flex flex-col gap-1 min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-lg text-primary">{what}</span>
          {item.urgency === "soon" && <span className="badge badge-warning text-base">{t("soon")}</span>}
        </div>
        {item.title && <div className="text-lg break-words">{item.title}</div>}
        {item.topicTitle && item.topicTitle !== item.title && <div className="text-base text-base-content/80 break-words">{t("topic", { title: item.topicTitle })}</div>}
        {item.due ? (
          <div className={`text-base ${item.urgency === "overdue" ? "text-error font-semibold" : "text-base-content/80"}`}>
            {item.urgency === "overdue" ? t("overdue", { date: dueText(item.due, locale) }) : t("due", { date: dueText(item.due, locale) })}
          </div>
        ) : item.since ? (
          <div className="text-base text-base-content/80">{t("since", { date: formatDate(item.since, locale, "date") })}</div>
        ) : null}
      </div>
      {/* The accessible name starts with the visible words and says which item it opens. */}
      <Link href={item.href} className="btn btn-primary btn-lg min-h-11 self-start sm:self-center shrink-0" aria-label={`${t(`go.${item.kind}`)}：${subject}`}>
        {t(`go.${item.kind}`)}
      </Link>
    </li>
  );
}

/** The home page's 待我处理: every action waiting on the person, most urgent first. */
export async function TodoList({ items }: { items: TodoItem[] }) {
  const t = await getTranslations("todo");
  const first = items.slice(0, SHOWN);
  const rest = items.slice(SHOWN);
  return (
    <section id="todo" aria-labelledby="todo-title" className="card bg-base-100 border border-primary/40 md:col-span-2 scroll-mt-20" data-testid="todo">
      <div className="card-body p-4 md:p-6 gap-3">
        <div className="flex flex-wrap items-baseline gap-2">
          <h2 id="todo-title" className="card-title text-xl">
            {t("title")}
          </h2>
          {items.length > 0 && (
            <span className="text-base text-base-content/80" data-testid="todo-count">
              {t("count", { count: items.length })}
            </span>
          )}
        </div>
        {items.length === 0 ? (
          <p className="text-base text-base-content/80">{t("nothing")}</p>
        ) : (
          <>
            <ul className="flex flex-col gap-2">
              {first.map((item) => (
                <TodoRow key={item.key} item={item} />
              ))}
            </ul>
            {rest.length > 0 && (
              <details className="flex flex-col gap-2">
                <summary className="btn btn-outline min-h-11 text-base">{t("more", { count: rest.length })}</summary>
                <ul className="flex flex-col gap-2 mt-2">
                  {rest.map((item) => (
                    <TodoRow key={item.key} item={item} />
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </div>
    </section>
  );
}
