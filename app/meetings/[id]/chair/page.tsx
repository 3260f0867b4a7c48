import { getLocale, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { PageTitle } from "@/app/_components/ui";
import { Refusal } from "@/app/_lib/page";
import { getLiveState } from "@/lib/meetings/room/live-state";
import { liveVoteOptions } from "@/lib/meetings/room/live-vote-options";
import { loadMeetingPage } from "../_lib/load";
import { ChairConsole, type VoteSetup } from "./_components/chair-console";

export async function generateMetadata() {
  const t = await getTranslations("room.chair");
  return { title: t("title") };
}

/**
 * The chair's console (主持台): the meeting's grid staff and its designated chair only. Anyone
 * else who may see the meeting is told so in place, as on the room screen; a stranger gets the 404.
 */
export default async function ChairPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations("room.chair");
  const tm = await getTranslations("meetings");
  const { page, view } = await loadMeetingPage(id, `/meetings/${id}/chair`);
  if (view instanceof Refusal) {
    return (
      <Forbidden title={t("title")} back={{ href: `/meetings/${id}`, label: tm("title") }}>
        {view.explain({ notVerified: tm("notVerified") })}
      </Forbidden>
    );
  }
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const state = await page.read((ctx) => getLiveState(ctx, view.id, { locale }));
  // One rule: whoever may chair this meeting (meeting.chair — its grid's staff, the community admin,
  // its designated chair), which is what makes the live state's role "chair". Its "staff" role is
  // not enough: it is given to staff of any grid of the community.
  if (state.viewer.role !== "chair") {
    return (
      <Forbidden title={t("title")} back={{ href: `/meetings/${view.id}`, label: view.title }}>
        {t("staffOnly")}
      </Forbidden>
    );
  }
  // The plans a vote on the current topic may be held on; opening the vote checks everything again.
  let voteSetup: VoteSetup | null = null;
  if (state.current) {
    const topicId = state.current.topicId;
    const options = await page.attempt((ctx) => liveVoteOptions(ctx, { meetingId: view.id }));
    voteSetup = options instanceof Refusal ? { topicId, refused: await options.message() } : options;
  }
  return (
    <div className="max-w-2xl mx-auto">
      <PageTitle title={state.title} subtitle={t("title")} back={{ href: `/meetings/${state.meetingId}`, label: t("back") }} />
      <ChairConsole initial={state} voteSetup={voteSetup} />
    </div>
  );
}
