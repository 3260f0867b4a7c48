import { cookies } from "next/headers";
import { getFormatter, getTranslations } from "next-intl/server";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { Forbidden } from "@/app/_components/forbidden";
import { Badge, Card, EmptyState, PageTitle, Stat } from "@/app/_components/ui";
import { getMessagesOverview, type MessageRow } from "@/lib/notify/get-messages-overview";
import { outboxStatuses } from "@/db/schema";
import { communityCookie } from "../_lib/gate";
import { RetryButton } from "./_components/retry-button";

export async function generateMetadata() {
  const t = await getTranslations("reminders.admin");
  return { title: t("title") };
}

/**
 * The outbox for community admins: whether SMS is on (and how it is set up, never a key), counts by
 * status, the failed messages with their reason and a retry, and the latest messages.
 */
export default async function MessagesPage() {
  const page = await signedInPage("/admin/messages");
  const t = await getTranslations("reminders");
  const format = await getFormatter();
  const chosen = Number((await cookies()).get(communityCookie)?.value) || undefined;
  const tried = chosen ? await page.attempt((ctx) => getMessagesOverview(ctx, { communityId: chosen })) : null;
  const overview = tried && !(tried instanceof Refusal) ? tried : await page.read((ctx) => getMessagesOverview(ctx, {}), { forbidden: "inPage" });
  if (overview instanceof Refusal) {
    return (
      <Forbidden title={t("admin.title")} back={{ href: "/", label: t("admin.home") }}>
        {t("admin.noPermission")}
      </Forbidden>
    );
  }
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const reason = (code: string | null) => (code ? (t.has(`admin.errorCodes.${code}`) ? `${t(`admin.errorCodes.${code}`)} (${code})` : code) : "");
  const statusTone = { queued: "info", sending: "warning", sent: "success", failed: "error" } as const;

  const table = (rows: MessageRow[], withRetry: boolean) => (
    // Focusable, so a keyboard can scroll the wide table (WCAG 2.1.1; axe scrollable-region-focusable).
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="table text-base">
        <thead>
          <tr>
            <th>{t("admin.columns.kind")}</th>
            <th>{t("admin.columns.person")}</th>
            <th>{t("admin.columns.status")}</th>
            <th>{t("admin.columns.time")}</th>
            {withRetry && <th>{t("admin.columns.error")}</th>}
            {withRetry && <th>{t("admin.columns.action")}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              <td>
                {t(`kinds.${m.kind}`)}
                <br />
                <span className="text-base-content/70">{t(`admin.channels.${m.channel}`)}</span>
              </td>
              <td>
                {m.person}
                <br />
                <span className="font-mono text-base-content/70">{m.phone}</span>
              </td>
              <td>
                <Badge tone={statusTone[m.status]}>{t(`admin.statuses.${m.status}`)}</Badge>
                <br />
                <span className="text-base-content/70">
                  {t("admin.columns.attempts")} {m.attempts}
                </span>
              </td>
              <td className="whitespace-nowrap">{when(m.sentAt ?? (m.status === "queued" ? m.nextAttemptAt : m.createdAt))}</td>
              {withRetry && <td className="min-w-48">{reason(m.lastError)}</td>}
              {withRetry && <td>{m.retryable ? <RetryButton messageId={m.id} label={t("admin.retry")} done={t("admin.retried")} /> : <span className="text-base-content/70">{t("admin.cannotRetry")}</span>}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <div className="flex flex-col gap-6">
      <PageTitle title={t("admin.title")} subtitle={t("admin.subtitle", { community: overview.communityName })} />
      <Card title={t("admin.smsTitle")}>
        <p className="text-xl font-bold" data-sms-status={overview.sms.on ? "on" : "off"}>
          {overview.sms.on ? t("admin.smsOn") : t("admin.smsOff")}
        </p>
        {overview.sms.on ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
            <dt className="text-base-content/70">{t("admin.signName")}</dt>
            <dd>【{overview.sms.signName}】</dd>
            <dt className="text-base-content/70">{t("admin.region")}</dt>
            <dd className="font-mono">{overview.sms.region}</dd>
            {overview.sms.endpointOverride && <dd className="col-span-2">{t("admin.endpointOverride")}</dd>}
          </dl>
        ) : (
          <p className="text-base-content/70">{t("admin.smsOffHint")}</p>
        )}
        <h3 className="text-lg font-bold mt-3">{t("admin.templates")}</h3>
        <ul className="flex flex-col gap-1 text-base">
          {overview.sms.templates.map((tpl) => (
            <li key={tpl.kind} className="flex flex-wrap gap-x-2">
              <span>{t(`kinds.${tpl.kind}`)}</span>
              <span className={tpl.set ? "text-success" : "text-base-content/70"}>{tpl.set ? t("admin.templateSet") : t("admin.templateMissing")}</span>
              <span className="font-mono text-sm text-base-content/70 break-all">{tpl.variable}</span>
            </li>
          ))}
        </ul>
        <p className="text-base-content/70 mt-2">{t("admin.secretsNote")}</p>
      </Card>
      <ul className="grid grid-cols-2 md:grid-cols-4 gap-3">
        {outboxStatuses.map((s) => (
          <li key={s}>
            <Stat label={t(`admin.counts.${s}`)} value={overview.counts[s]} hint={t(`admin.countsHint.${s}`, { max: overview.maxAttempts })} />
          </li>
        ))}
      </ul>
      <section aria-labelledby="failed-title">
        <h2 id="failed-title" className="text-xl font-bold mb-3">
          {t("admin.failedTitle")}
        </h2>
        {overview.failed.length === 0 ? <EmptyState>{t("admin.noFailed")}</EmptyState> : table(overview.failed, true)}
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title" className="text-xl font-bold mb-3">
          {t("admin.recentTitle")}
        </h2>
        {overview.recent.length === 0 ? <EmptyState>{t("admin.noRecent")}</EmptyState> : table(overview.recent, false)}
      </section>
    </div>
  );
}
