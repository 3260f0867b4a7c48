import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
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
  const loaded = await loadMeetingPage(id, `/meetings/${id}/edit`);
  const back = { href: `/meetings/${id}`, label: loaded.view?.title ?? t("title") };
  if (!loaded.view || !loaded.view.mayManage || !isMeetingOpen(loaded.view)) {
    const reason = !loaded.view ? t("notVerified") : !loaded.view.mayManage ? t("notStaff") : t("editForm.closed");
    return (
      <div>
        <PageTitle title={t("editForm.title")} back={back} />
        <div role="alert" className="alert alert-warning text-base">
          {reason}
        </div>
      </div>
    );
  }
  const { view, actor } = loaded;
  const thinkTanks = scheduleOptions({ db: getDb(), actor }).thinkTanks[view.communityId] ?? [];
  return (
    <div className="max-w-3xl">
      <PageTitle title={t("editForm.title")} subtitle={view.title} back={back} />
      <Card>
        <EditMeetingForm
          meetingId={view.id}
          communityId={view.communityId}
          thinkTanks={thinkTanks}
          initial={{ title: view.title, startsAt: toShanghaiLocal(view.startsAt), durationMinutes: String(view.durationMinutes), place: view.place, onlineUrl: view.onlineUrl }}
        />
      </Card>
    </div>
  );
}
