import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
import { isMeetingOpen, type MeetingView } from "@/lib/meetings/get-meeting";
import { searchPeople, type PersonHit } from "@/lib/meetings/search-people";
import { StateBadge } from "@/app/topics/_components/state-badge";
import { Card, PageTitle } from "../../_components/ui";
import { InlineAction } from "../_components/inline-action";
import { MeetingStatusBadge, MeetingWhen, MeetingWhere } from "../_components/meeting-bits";
import { publicOrigin } from "@/lib/security/public-origin";
import { AttendancePanel } from "./_components/attendance-panel";
import { CheckInPanel } from "./_components/check-in-panel";
import { MinutesDocument } from "./_components/minutes-document";
import { MinutesEditor } from "./_components/minutes-editor";
import { PrintButton } from "./_components/print-button";
import { SignInSheet } from "./_components/sign-in-sheet";
import { loadMeetingPage } from "./_lib/load";
import { cancelMeetingAction, respondAction } from "./actions";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export async function generateMetadata({ params, searchParams }: Props) {
  const { id } = await params;
  const print = one((await searchParams).print);
  const t = await getTranslations("meetings");
  try {
    const loaded = await loadMeetingPage(id, `/meetings/${id}`);
    if (loaded.view instanceof Refusal) return { title: t("title") };
    const suffix = print === "sign-in" ? ` · ${t("print.signInTitle")}` : print === "minutes" ? ` · ${t("minutes.title")}` : "";
    return { title: `${loaded.view.title}${suffix}` };
  } catch {
    return { title: t("title") };
  }
}

/** The A4 views: the toolbar is hidden on paper (.no-print), the sheet itself is all that prints. */
async function PrintView({ view, kind }: { view: MeetingView; kind: "sign-in" | "minutes" }) {
  const t = await getTranslations("meetings");
  return (
    <div className="flex flex-col gap-4">
      <div className="no-print flex flex-wrap items-center gap-2">
        <Link href={`/meetings/${view.id}`} className="link link-hover text-base-content/70">
          ‹ {view.title}
        </Link>
        <span className="ml-auto">
          <PrintButton label={t("print.print")} />
        </span>
      </div>
      {kind === "sign-in" ? (
        <SignInSheet view={view} />
      ) : (
        <article className="bg-base-100 print:bg-white p-4 print:p-0 rounded-box border border-base-300 print:border-0">
          <h1 className="text-2xl font-bold text-center mb-3">
            {t("minutes.title")}
            {!view.minutes?.publishedAt && <span className="text-base font-normal">（{t("minutes.draft")}）</span>}
          </h1>
          <MinutesDocument view={view} linkTopics={false} />
        </article>
      )}
    </div>
  );
}

export default async function MeetingPage({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  const t = await getTranslations("meetings");
  const { page, view } = await loadMeetingPage(id, `/meetings/${id}`);
  if (view instanceof Refusal) return <Forbidden title={t("title")}>{view.explain({ notVerified: t("notVerified") })}</Forbidden>;
  const print = one(sp.print);
  if (print === "sign-in" && view.mayManage) return <PrintView view={view} kind="sign-in" />;
  if (print === "minutes" && view.minutes) return <PrintView view={view} kind="minutes" />;

  const format = await getFormatter();
  const now = Date.now();
  const open = isMeetingOpen(view);
  const ended = view.endsAt.getTime() <= now;
  const published = !!view.minutes?.publishedAt;

  const who = one(sp.who).trim().slice(0, 40);
  let hits: PersonHit[] | null = null;
  if (view.mayManage && open && who) {
    // A search it refuses (a name it cannot search for) simply finds no one.
    const found = await page.attempt((ctx) => searchPeople(ctx, { communityId: view.communityId, q: who }));
    hits = found instanceof Refusal ? [] : found;
  }

  return (
    <article className="flex flex-col gap-4">
      <PageTitle
        title={view.title}
        back={{ href: "/meetings", label: t("title") }}
        subtitle={
          <span className="flex flex-wrap items-center gap-2 mt-1">
            <MeetingStatusBadge status={view.status} minutesPublished={published} ended={ended} />
            <span>{view.gridName ?? t("communityLevel")}</span>
          </span>
        }
      />

      <Card>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-lg">
          <dt className="text-base-content/70">{t("when")}</dt>
          <dd>
            <MeetingWhen startsAt={view.startsAt} durationMinutes={view.durationMinutes} />
          </dd>
          <dt className="text-base-content/70">{t("where")}</dt>
          <dd>
            <MeetingWhere place={view.place} onlineUrl={view.onlineUrl} />
          </dd>
          <dt className="text-base-content/70">{t("convenedBy")}</dt>
          <dd>
            {view.gridName ?? view.communityName} · {view.createdByName}
          </dd>
          <dt className="text-base-content/70">{t("invited")}</dt>
          <dd>{t("inviteeCounts", view.inviteeCounts)}</dd>
          <dt className="text-base-content/70">{t("quorum")}</dt>
          <dd data-testid="meeting-quorum">{view.quorumRequired != null ? t("quorumPeople", { needed: view.quorumRequired }) : t("quorumNone")}</dd>
        </dl>
        {view.mayManage && (
          <div className="flex flex-wrap gap-2 no-print">
            {open && (
              <Link href={`/meetings/${view.id}/edit`} className="btn btn-outline">
                {t("edit")}
              </Link>
            )}
            {open && (
              <>
                <Link href={`/meetings/${view.id}/chair`} className="btn btn-primary">
                  {t("liveRoom.chair")}
                </Link>
                <Link href={`/meetings/${view.id}/projector`} className="btn btn-outline">
                  {t("liveRoom.projector")}
                </Link>
              </>
            )}
            <Link href={`/meetings/${view.id}?print=sign-in`} className="btn btn-outline">
              {t("print.signIn")}
            </Link>
            {view.minutes && (view.minutes.html || published) && (
              <Link href={`/meetings/${view.id}?print=minutes`} className="btn btn-outline">
                {t("print.minutes")}
              </Link>
            )}
            {open && !ended && <InlineAction action={cancelMeetingAction.bind(null, view.id)} label={t("cancel")} className="btn-ghost text-error" confirm={t("cancelConfirm")} />}
          </div>
        )}
        {!view.mayManage && published && (
          <div className="no-print">
            <Link href={`/meetings/${view.id}?print=minutes`} className="btn btn-outline">
              {t("print.minutes")}
            </Link>
          </div>
        )}
      </Card>

      {view.status === "cancelled" && (
        <div role="status" className="alert alert-warning text-base">
          {t("cancelledNotice")}
        </div>
      )}

      {view.myInvitation && open && (
        <Card title={t("rsvp.title")}>
          <p>{view.myInvitation.response === "pending" ? t("rsvp.question") : t(`rsvp.answered.${view.myInvitation.response}`)}</p>
          <div className="flex flex-wrap gap-2">
            <InlineAction action={respondAction.bind(null, view.id, "attending")} label={t("rsvp.attending")} className={view.myInvitation.response === "attending" ? "btn-success" : "btn-outline"} />
            <InlineAction action={respondAction.bind(null, view.id, "declined")} label={t("rsvp.declined")} className={view.myInvitation.response === "declined" ? "btn-neutral" : "btn-outline"} />
          </div>
        </Card>
      )}

      {view.myAttendance && (
        <div role="status" className="alert alert-success text-base">
          {t("checkIn.youAreIn", { time: format.dateTime(view.myAttendance.at, "time") })}
        </div>
      )}

      {open && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 no-print">
          <Link href={`/meetings/${view.id}/live`} className="btn btn-outline btn-lg" data-testid="meeting-live-link">
            {t("liveRoom.phone")}
          </Link>
          <span className="text-base-content/70">{t("liveRoom.phoneHint")}</span>
        </div>
      )}

      <Card title={t("agenda")}>
        <ol className="flex flex-col gap-2">
          {view.agenda.map((a, i) => (
            <li key={a.topicId} className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-base-content/60">{i + 1}.</span>
              <Link href={`/topics/${a.topicId}`} className="link link-hover text-lg font-medium">
                {a.title}
              </Link>
              <StateBadge state={a.state as never} />
            </li>
          ))}
        </ol>
      </Card>

      {view.mayManage && open && (
        <Card title={t("checkIn.title")} className="no-print">
          <CheckInPanel view={view} origin={publicOrigin()} />
        </Card>
      )}

      {view.mayManage && view.status !== "cancelled" && (
        <Card title={t("attendance.title")} className="no-print">
          <AttendancePanel view={view} who={who} hits={hits} open={open} />
        </Card>
      )}

      {published ? (
        <div id="minutes">
          <Card title={t("minutes.title")}>
            <MinutesDocument view={view} />
          </Card>
        </div>
      ) : view.mayManage && open && view.minutes ? (
        <Card title={t("minutes.editTitle")} className="no-print">
          <MinutesEditor
            meetingId={view.id}
            agenda={view.agenda.map((a) => ({ topicId: a.topicId, title: a.title, discussion: a.discussion, conclusion: a.conclusion }))}
            body={view.minutes.json}
            followUps={view.minutes.followUps}
            mayPublish={view.startsAt.getTime() <= now}
          />
        </Card>
      ) : view.status === "scheduled" ? (
        <p className="text-base-content/60">{t("minutes.notYet")}</p>
      ) : null}
    </article>
  );
}
