import { getLocale, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { PageTitle } from "@/app/_components/ui";
import { Refusal } from "@/app/_lib/page";
import { getBallot } from "@/lib/ballots/get-ballot";
import { getLiveState } from "@/lib/meetings/room/live-state";
import { loadMeetingPage } from "../_lib/load";
import { LiveView, type LiveBallot } from "./_components/live-view";

export async function generateMetadata() {
  const t = await getTranslations("room.live");
  return { title: t("title") };
}

/**
 * An attendee's phone during the meeting (会场): anyone who may see the meeting opens it; the
 * meeting itself appears once they are checked in, and follows the room live from then on.
 */
export default async function LivePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations("room.live");
  const tm = await getTranslations("meetings");
  const { page, view } = await loadMeetingPage(id, `/meetings/${id}/live`);
  if (view instanceof Refusal) {
    return (
      <Forbidden title={t("title")} back={{ href: `/meetings/${id}`, label: tm("title") }}>
        {view.explain({ notVerified: tm("notVerified") })}
      </Forbidden>
    );
  }
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const state = await page.read((ctx) => getLiveState(ctx, view.id, { locale }));
  // The vote's choices and this person's own elector come from the ballot, as its own page reads them.
  let ballot: LiveBallot | null = null;
  if (state.vote?.phase === "open") {
    const ballotId = state.vote.ballotId;
    const read = await page.attempt((ctx) => getBallot(ctx, { ballotId }));
    if (!(read instanceof Refusal)) {
      const own = read.me.electors.find((e) => !e.viaProxy && e.mayVote);
      ballot = { ballotId, kind: read.kind, options: read.options.map((o) => ({ planId: o.planId, title: o.title })), electorKey: own?.electorKey ?? null };
    }
  }
  return (
    <div className="max-w-xl mx-auto text-lg">
      <PageTitle title={state.title} subtitle={t("title")} />
      {/* A phone in the room never needs the check-in link: keep the code out of this page. */}
      <LiveView initial={{ ...state, checkIn: null }} ballot={ballot} />
    </div>
  );
}
