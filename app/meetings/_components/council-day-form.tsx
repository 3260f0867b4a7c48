"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { fieldError } from "@/app/_components/form";
import { setCouncilDayAction } from "../actions";

/** The grid's recurring council day (网格议事日): a day of the month, or none. */
export function CouncilDayForm({ gridId, gridName, councilDay }: { gridId: number; gridName: string; councilDay: number | null }) {
  const t = useTranslations("meetings");
  const [state, action, pending] = useActionState(setCouncilDayAction.bind(null, gridId), null);
  const [value, setValue] = useState(councilDay ? String(councilDay) : "");
  const id = `councilDay-${gridId}`;
  const error = fieldError(state, "councilDay") ?? (state && !state.ok ? state.message : undefined);
  const saved = state?.ok ? state.data.councilDay : councilDay;
  return (
    <div className="py-3 flex flex-col gap-1">
      <div className="flex flex-wrap items-end gap-2">
        <form action={action} className="flex flex-wrap items-end gap-2" noValidate>
          <div className="flex flex-col">
            <label htmlFor={id} className="font-medium">
              {gridName}
            </label>
            <div className="flex items-center gap-2">
              <span>{t("councilDay.every")}</span>
              <input
                id={id}
                name="councilDay"
                type="number"
                min={1}
                max={28}
                inputMode="numeric"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                className="input input-md w-20"
                aria-invalid={!!error}
                aria-describedby={error ? `${id}-error` : `${id}-hint`}
              />
              <span>{t("councilDay.day")}</span>
            </div>
          </div>
          <button type="submit" className="btn btn-outline btn-md" disabled={pending}>
            {t("councilDay.save")}
          </button>
        </form>
        {saved != null && (
          <form action={action} onSubmit={() => setValue("")}>
            <input type="hidden" name="councilDay" value="" />
            <button type="submit" className="btn btn-ghost btn-md" disabled={pending}>
              {t("councilDay.clear")}
            </button>
          </form>
        )}
      </div>
      <p id={`${id}-hint`} className="text-sm text-base-content/60" role={state?.ok ? "status" : undefined}>
        {state?.ok ? (state.data.councilDay ? t("councilDay.saved", { day: state.data.councilDay }) : t("councilDay.cleared")) : t("councilDay.hint")}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-error text-sm">
          {error}
        </p>
      )}
    </div>
  );
}
