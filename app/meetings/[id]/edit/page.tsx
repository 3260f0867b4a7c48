import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
import { isMeetingOpen } from "@/lib/meetings/get-meeting";
import { scheduleOptions } from "@/lib/meetings/schedule-options";
import { toShanghaiLocal } from "@/lib/time";
import { Card, PageTitle } from "../../../_components/ui";
import { loadMeetingPage } from "../_lib/load";
import { EditMeetingForm } from "./_components/edit-meeting-form";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("editForm.title") };
}

export default async function EditMeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations("meetings");
  const { page, view } = await loadMeetingPage(id, `/meetings/${id}/edit`);
  const back = { href: `/meetings/${id}`, label: view instanceof Refusal ? t("title") : view.title };
  if (view instanceof Refusal || !view.mayManage || !isMeetingOpen(view)) {
    const reason = view instanceof Refusal ? view.explain({ notVerified: t("notVerified") }) : !view.mayManage ? t("notStaff") : t("editForm.closed");
    return (
      <Forbidden title={t("editForm.title")} back={back}>
        {reason}
      </Forbidden>
    );
  }
  const thinkTanks = (await page.read((ctx) => scheduleOptions(ctx))).thinkTanks[view.communityId] ?? [];
  return (
    <div className="max-w-3xl">
      <PageTitle title={t("editForm.title")} subtitle={view.title} back={back} />
      <Card>
        <EditMeetingForm
          meetingId={view.id}
          communityId={view.communityId}
          thinkTanks={thinkTanks}
          initial={{ title: view.title, startsAt: toShanghaiLocal(view.startsAt), durationMinutes: String(view.durationMinutes), place: view.place, onlineUrl: view.onlineUrl, quorumRequired: view.quorumRequired != null ? String(view.quorumRequired) : "" }}
        />
      </Card>
    </div>
  );
}
