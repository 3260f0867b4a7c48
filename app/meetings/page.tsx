import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { signedInPage } from "@/app/_lib/page";
import { listMeetings, type MeetingListRow } from "@/lib/meetings/list-meetings";
import { scheduleOptions } from "@/lib/meetings/schedule-options";
import { Badge, Card, EmptyState, PageTitle } from "../_components/ui";
import { CouncilDayForm } from "./_components/council-day-form";
import { MeetingStatusBadge, MeetingWhen, MeetingWhere } from "./_components/meeting-bits";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("title") };
}

async function MeetingItem({ m, now }: { m: MeetingListRow; now: number }) {
  const t = await getTranslations("meetings");
  const ended = m.startsAt.getTime() + m.durationMinutes * 60_000 <= now;
  return (
    <li>
      <Link href={`/meetings/${m.id}`} className="block rounded-box bg-base-100 border border-base-300 p-4 hover:border-primary focus-visible:border-primary" data-testid="meeting">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-lg font-semibold">{m.title}</span>
          <MeetingStatusBadge status={m.status} minutesPublished={m.minutesPublished} ended={ended} />
          {m.myResponse && <Badge tone={m.myResponse === "attending" ? "success" : m.myResponse === "declined" ? "neutral" : "warning"}>{t(`myResponse.${m.myResponse}`)}</Badge>}
        </div>
        <div className="text-base-content/80 mt-1">
          <MeetingWhen startsAt={m.startsAt} durationMinutes={m.durationMinutes} />
        </div>
        <div className="text-sm text-base-content/70 flex flex-wrap gap-x-4">
          <span>{m.gridName ?? t("communityLevel")}</span>
          <MeetingWhere place={m.place} onlineUrl={m.online ? "online" : ""} showLink={false} />
          <span>{t("topicCount", { count: m.topicCount })}</span>
          {m.minutesPublished && <span>{t("minutesAvailable")}</span>}
        </div>
      </Link>
    </li>
  );
}

export default async function MeetingsPage() {
  const page = await signedInPage("/meetings");
  const t = await getTranslations("meetings");
  if (page.ctx.actor.status !== "verified") return <Forbidden title={t("title")}>{t("notVerified")}</Forbidden>;
  const list = await page.read((ctx) => listMeetings(ctx, {}));
  const now = Date.now();
  const councilGrids = list.maySchedule ? (await page.read((ctx) => scheduleOptions(ctx))).places.filter((p) => p.gridId != null) : [];

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex-1 min-w-0">
          <PageTitle title={t("title")} subtitle={t("subtitle")} />
        </div>
        {list.maySchedule && (
          <Link href="/meetings/new" className="btn btn-primary btn-lg">
            {t("schedule")}
          </Link>
        )}
      </div>

      <Card title={t("upcoming")}>
        {list.upcoming.length === 0 ? (
          <EmptyState>{t("noUpcoming")}</EmptyState>
        ) : (
          <ul className="flex flex-col gap-3">
            {list.upcoming.map((m) => (
              <MeetingItem key={m.id} m={m} now={now} />
            ))}
          </ul>
        )}
      </Card>

      <Card title={t("past")}>
        {list.past.length === 0 ? (
          <EmptyState>{t("noPast")}</EmptyState>
        ) : (
          <ul className="flex flex-col gap-3">
            {list.past.map((m) => (
              <MeetingItem key={m.id} m={m} now={now} />
            ))}
          </ul>
        )}
      </Card>

      {councilGrids.length > 0 && (
        <Card title={t("councilDay.title")}>
          <p className="text-base-content/70">{t("councilDay.explain")}</p>
          <div className="flex flex-col divide-y divide-base-300">
            {councilGrids.map((g) => (
              <CouncilDayForm key={g.key} gridId={g.gridId!} gridName={g.label} councilDay={g.councilDay} />
            ))}
          </div>
        </Card>
      )}
    </div>
  );
}
