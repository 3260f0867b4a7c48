"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { closeBallotAction } from "../../actions";

/** Staff close the ballot now; the tally cannot be undone, so it asks first. */
export function CloseButton({ ballotId, topicId }: { ballotId: number; topicId: number }) {
  const t = useTranslations("ballots");
  const [state, action, pending] = useActionState(closeBallotAction.bind(null, ballotId, topicId), null);
  return (
    <form
      action={action}
      className="flex flex-col gap-1"
      onSubmit={(e) => {
        if (!window.confirm(t("close.confirm"))) e.preventDefault();
      }}
    >
      <button type="submit" className="btn btn-error btn-lg" disabled={pending} aria-disabled={pending}>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
        {pending ? t("close.closing") : t("close.submit")}
      </button>
      {state && !state.ok && (
        <p className="text-error text-sm" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
