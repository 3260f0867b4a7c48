"use client";
import { useTranslations } from "next-intl";
import { Field, fieldError } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { PersonPicker, type PickedPerson } from "./person-picker";

export type MeetingDetails = { title: string; startsAt: string; durationMinutes: string; place: string; onlineUrl: string; quorumRequired: string };

/** Title, time (Shanghai, datetime-local), duration, place, online link and quorum: shared by the schedule and edit forms. */
export function MeetingDetailFields({
  values,
  onChange,
  state,
  titlePlaceholder,
}: {
  values: MeetingDetails;
  onChange: (v: MeetingDetails) => void;
  state: ActionState<unknown>;
  titlePlaceholder?: string;
}) {
  const t = useTranslations("meetings");
  const err = (n: string) => fieldError(state, n);
  const control = (n: keyof MeetingDetails) => ({
    id: n,
    name: n,
    value: values[n],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...values, [n]: e.target.value }),
    "aria-invalid": !!err(n),
    "aria-describedby": err(n) ? `${n}-error` : undefined,
  });
  return (
    <>
      <Field label={t("form.title")} name="title" error={err("title")}>
        <input {...control("title")} maxLength={60} placeholder={titlePlaceholder ?? t("form.titlePlaceholder")} className="input input-lg w-full" />
      </Field>
      <div className="grid grid-cols-1 sm:grid-cols-[1fr_12rem] gap-x-3">
        <Field label={t("form.startsAt")} name="startsAt" error={err("startsAt")} hint={t("form.startsAtHint")}>
          <input {...control("startsAt")} type="datetime-local" className="input input-lg w-full" />
        </Field>
        <Field label={t("form.duration")} name="durationMinutes" error={err("durationMinutes")}>
          <input {...control("durationMinutes")} type="number" min={15} max={480} step={15} inputMode="numeric" className="input input-lg w-full" />
        </Field>
      </div>
      <Field label={t("form.place")} name="place" error={err("place")} hint={t("form.placeHint")}>
        <input {...control("place")} maxLength={100} placeholder={t("form.placePlaceholder")} className="input input-lg w-full" />
      </Field>
      <Field label={t("form.onlineUrl")} name="onlineUrl" error={err("onlineUrl")} hint={t("form.onlineUrlHint")}>
        <input {...control("onlineUrl")} type="url" inputMode="url" maxLength={500} placeholder="https://" className="input input-lg w-full" />
      </Field>
      <Field label={t("form.quorum")} name="quorumRequired" error={err("quorumRequired")} hint={t("form.quorumHint")}>
        <input {...control("quorumRequired")} type="number" min={1} step={1} inputMode="numeric" className="input input-lg w-40" />
      </Field>
    </>
  );
}

export const roleGroups = ["owners", "residents", "gridStaff", "propertyFirm", "ownersCommittee", "supervisors"] as const;

/** Who to invite: role groups, think tanks and named people. Groups are taken in the meeting's grid (or community). */
export function InviteeFields({
  communityId,
  thinkTanks,
  state,
  roleValues,
  onRoleChange,
  tankValues,
  onTankChange,
}: {
  communityId: number;
  thinkTanks: { id: number; name: string }[];
  state: ActionState<unknown>;
  roleValues: string[];
  onRoleChange: (v: string[]) => void;
  tankValues: number[];
  onTankChange: (v: number[]) => void;
}) {
  const t = useTranslations("meetings");
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const err = (n: string) => fieldError(state, n);
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="fieldset text-base">
        <legend className="fieldset-legend text-base font-medium">{t("form.inviteRoles")}</legend>
        <div className="grid grid-cols-1 sm:grid-cols-2 gap-1">
          {roleGroups.map((g) => (
            <label key={g} className="flex items-center gap-3 py-1 cursor-pointer">
              <input type="checkbox" name="roleGroups" value={g} checked={roleValues.includes(g)} onChange={() => onRoleChange(toggle(roleValues, g))} className="checkbox checkbox-primary" />
              <span>{t(`roleGroups.${g}`)}</span>
            </label>
          ))}
        </div>
        {err("roleGroups") && <p className="text-error text-sm" role="alert">{err("roleGroups")}</p>}
      </fieldset>
      {thinkTanks.length > 0 && (
        <fieldset className="fieldset text-base">
          <legend className="fieldset-legend text-base font-medium">{t("form.inviteThinkTanks")}</legend>
          <div className="grid grid-cols-1 sm:grid-cols-2 gap-1">
            {thinkTanks.map((tank) => (
              <label key={tank.id} className="flex items-center gap-3 py-1 cursor-pointer">
                <input type="checkbox" name="thinkTankIds" value={tank.id} checked={tankValues.includes(tank.id)} onChange={() => onTankChange(toggle(tankValues, tank.id))} className="checkbox checkbox-primary" />
                <span>{tank.name}</span>
              </label>
            ))}
          </div>
          {err("thinkTankIds") && <p className="text-error text-sm" role="alert">{err("thinkTankIds")}</p>}
        </fieldset>
      )}
      <PersonPicker key={communityId} communityId={communityId} name="personIds" label={t("form.invitePeople")} initial={[] as PickedPerson[]} />
      {err("personIds") && <p className="text-error text-sm" role="alert">{err("personIds")}</p>}
    </div>
  );
}
