"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert } from "@/app/_components/form";
import { decideConflictAction } from "../actions";

/** 采用名册 / 保留现状 for one conflict; each is its own small form, so either works without script too. */
export function DecideButtons({ conflictId }: { conflictId: number }) {
  const t = useTranslations("admin.peopleImport.conflicts");
  const [adoptState, adopt, adopting] = useActionState(decideConflictAction.bind(null, conflictId, "adoptRegister"), null);
  const [keepState, keep, keeping] = useActionState(decideConflictAction.bind(null, conflictId, "keepCurrent"), null);
  const state = adoptState ?? keepState;
  return (
    <div className="flex flex-col gap-2">
      <FormAlert state={state && !state.ok ? state : null} />
      <div className="flex flex-wrap gap-2">
        <form action={adopt}>
          <button type="submit" className="btn btn-primary btn-lg" disabled={adopting || keeping}>
            {t("adopt")}
          </button>
        </form>
        <form action={keep}>
          <button type="submit" className="btn btn-outline btn-lg" disabled={adopting || keeping}>
            {t("keep")}
          </button>
        </form>
      </div>
    </div>
  );
}
