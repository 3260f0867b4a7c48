"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton } from "@/app/_components/form";
import type { ReminderSetting } from "@/lib/notify/reminder-settings";
import { saveReminderSettingsAction } from "../actions";

/**
 * One checkbox per reminder kind, ticked = received. A kind the law requires is shown ticked and
 * disabled with the reason, so nobody wonders why it cannot be turned off.
 */
export function ReminderSettingsForm({ settings }: { settings: ReminderSetting[] }) {
  const t = useTranslations("reminders");
  const [state, action, pending] = useActionState(saveReminderSettingsAction, null);
  return (
    <form action={action} className="flex flex-col gap-2">
      <FormAlert state={state} success={t("settings.saved")} />
      <fieldset className="flex flex-col gap-2">
        <legend className="text-base font-medium mb-2">{t("settings.legend")}</legend>
        {settings.map((s) => (
          <label key={s.kind} className="flex items-start gap-3 min-h-11 py-1 cursor-pointer">
            <input
              type="checkbox"
              name="receive"
              value={s.kind}
              defaultChecked={!s.muted}
              disabled={!s.mayMute}
              className="checkbox checkbox-primary checkbox-lg mt-0.5"
              aria-describedby={`reminder-${s.kind}-hint`}
            />
            <span className="flex flex-col">
              <span className="text-lg font-medium">{t(`kinds.${s.kind}`)}</span>
              <span id={`reminder-${s.kind}-hint`} className="text-base text-base-content/70">
                {t(`kindHints.${s.kind}`)}
                {s.required && (
                  <>
                    <br />
                    <strong>{t("settings.required")}</strong>：{t(`settings.requiredWhy.${s.required}`)}
                  </>
                )}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="mt-2">
        <SubmitButton pendingLabel={t("settings.saving")} pending={pending}>
          {t("settings.save")}
        </SubmitButton>
      </div>
    </form>
  );
}
