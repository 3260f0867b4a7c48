import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, publicPage, signedInPage } from "@/app/_lib/page";
import { forbidden } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { projectorAccess } from "@/lib/meetings/room/display-code";
import { getLiveState, getProjectorState } from "@/lib/meetings/room/live-state";
import { DISPLAY_COOKIE } from "@/lib/meetings/room/projector-cookie";
import { ProjectorMessage, ProjectorScreen } from "./_components/projector-screen";
import { RoomPcPanel } from "./_components/room-pc-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("room.projector");
  // A display link carries a credential: keep it out of every index, whatever the robots file says.
  return { title: t("title"), robots: { index: false, follow: false } };
}

/**
 * The room's projector (会场投屏): full screen, no site chrome, readable from the back of the room.
 * Two ways in: grid staff (or the meeting's chair) signed in, who also get the room PC's link; or
 * the room PC, not signed in, with the display code that link's enter route put in a cookie of this
 * page's path. The screen shows the check-in QR code between topics, so a wrong, expired or revoked
 * code shows nothing of the meeting at all.
 */
export default async function ProjectorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { display, refused } = await searchParams;
  const meetingId = Number(id);
  if (!/^\d{1,9}$/.test(id) || meetingId <= 0) notFound();
  // A link made before the code moved into a cookie: swap it now, so it leaves the address bar.
  if (typeof display === "string") redirect(`/meetings/${meetingId}/projector/enter?display=${encodeURIComponent(display)}`);
  const t = await getTranslations("room.projector");
  const locale: Locale = (await getLocale()) === "en" ? "en" : "zh-CN";

  const code = (await cookies()).get(DISPLAY_COOKIE)?.value;
  if (code !== undefined) {
    const page = await publicPage(`/meetings/${id}/projector`);
    const state = await page.read(async ({ db }) => (await projectorAccess(db, meetingId, code) ? await getProjectorState(db, meetingId, { locale }) : null));
    if (!state) return <ProjectorMessage title={t("refused")} body={t("refusedHint")} />;
    return <ProjectorScreen initial={state} display />;
  }
  // The enter route found nothing to open: say so on the wall rather than ask the room PC to sign in.
  if (refused !== undefined) return <ProjectorMessage title={t("refused")} body={t("refusedHint")} />;

  const page = await signedInPage(`/meetings/${id}/projector`);
  const state = await page.read(
    async (ctx) => {
      const s = await getLiveState(ctx, meetingId, { locale });
      // Whoever runs this meeting (meeting.chair: its grid's staff, the admin, a designated chair);
      // staff of another grid watch from the meeting page, as for the room screen.
      if (s.viewer.role !== "chair") throw forbidden();
      return s;
    },
    { forbidden: "inPage" },
  );
  if (state instanceof Refusal) {
    const tm = await getTranslations("meetings");
    return (
      <Forbidden title={t("title")} back={{ href: `/meetings/${meetingId}`, label: t("back") }}>
        {state.explain({ notVerified: tm("notVerified") }) ?? t("notStaff")}
      </Forbidden>
    );
  }
  return <ProjectorScreen initial={state} staffPanel={<RoomPcPanel meetingId={state.meetingId} />} backHref={`/meetings/${state.meetingId}`} />;
}
