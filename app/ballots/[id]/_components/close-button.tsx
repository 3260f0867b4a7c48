"use client";
import { useTranslations } from "next-intl";
import { useActionState, useRef } from "react";
import { closeBallotAction } from "../../actions";

/**
 * Staff close the ballot now, before its announced time, on the ground the server found. The close
 * is irreversible, so the button first opens a confirm step that says what happens: the ballot
 * closes now (before the announced time), on which ground, who has not voted and then cannot, and
 * the result is final.
 */
export function CloseButton({ ballotId, topicId, closesAt, ground, outstanding }: { ballotId: number; topicId: number; closesAt: string; ground: string; outstanding: number }) {
  const t = useTranslations("ballots");
  const [state, action, pending] = useActionState(closeBallotAction.bind(null, ballotId, topicId), null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `close-confirm-${ballotId}`;
  return (
    <div className="flex flex-col gap-1">
      <button type="button" className="btn btn-error btn-lg" disabled={pending} aria-disabled={pending} aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
        {pending ? t("close.closing") : t("close.submit")}
      </button>
      {state && !state.ok && (
        <p className="text-error text-sm" role="alert">
          {state.message}
        </p>
      )}
      <dialog ref={dialog} className="modal modal-bottom sm:modal-middle" aria-labelledby={titleId}>
        <form action={action} className="modal-box flex flex-col gap-3" onSubmit={() => dialog.current?.close()}>
          <h3 id={titleId} className="text-xl font-bold">
            {t("close.confirmTitle")}
          </h3>
          <p className="text-base">{t("close.confirmNow", { date: closesAt })}</p>
          <p className="text-base font-medium">{t("close.confirmGround", { ground })}</p>
          {outstanding > 0 && <p className="text-base font-medium">{t("close.confirmOutstanding", { outstanding })}</p>}
          <p className="text-base text-error">{t("close.confirmFinal")}</p>
          <div className="modal-action flex-wrap gap-2">
            <button type="button" className="btn btn-lg" onClick={() => dialog.current?.close()}>
              {t("close.cancel")}
            </button>
            <button type="submit" className="btn btn-error btn-lg">
              {t("close.confirmSubmit")}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
