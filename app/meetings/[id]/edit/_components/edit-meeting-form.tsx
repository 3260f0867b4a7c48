"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { FormAlert, SubmitButton, submitKeepingValues } from "@/app/_components/form";
import { InviteeFields, MeetingDetailFields, type MeetingDetails } from "../../../_components/meeting-fields";
import { updateMeetingAction } from "../../actions";

/** Change the time, place or title, and invite more people; those already invited are told of a new time or place. */
export function EditMeetingForm({
  meetingId,
  communityId,
  initial,
  thinkTanks,
}: {
  meetingId: number;
  communityId: number;
  initial: MeetingDetails;
  thinkTanks: { id: number; name: string }[];
}) {
  const t = useTranslations("meetings");
  const [state, action, pending] = useActionState(updateMeetingAction.bind(null, meetingId), null);
  const [, startTransition] = useTransition();
  const [details, setDetails] = useState(initial);
  const [roles, setRoles] = useState<string[]>([]);
  const [tanks, setTanks] = useState<number[]>([]);
  const success = state?.ok
    ? state.data.changed.length === 0 && state.data.newlyInvited === 0
      ? t("editForm.nothingChanged")
      : t("editForm.saved", { invited: state.data.newlyInvited })
    : undefined;
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-4" noValidate>
      <FormAlert state={state} success={success} />
      {state?.ok && (
        <Link href={`/meetings/${meetingId}`} className="link link-primary">
          {t("editForm.backToMeeting")}
        </Link>
      )}
      <div className="flex flex-col gap-1">
        <MeetingDetailFields values={details} onChange={setDetails} state={state} />
      </div>
      <p className="text-sm text-base-content/60">{t("editForm.changeHint")}</p>
      <h2 className="text-lg font-semibold">{t("editForm.inviteMore")}</h2>
      <InviteeFields communityId={communityId} thinkTanks={thinkTanks} state={state} roleValues={roles} onRoleChange={setRoles} tankValues={tanks} onTankChange={setTanks} />
      <div>
        <SubmitButton pending={pending} pendingLabel={t("editForm.saving")}>
          {t("editForm.save")}
        </SubmitButton>
      </div>
    </form>
  );
}
