"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton, fieldError } from "@/app/_components/form";
import { reviewAction } from "../actions";

export function ReviewForm({ personId, name }: { personId: number; name: string }) {
  const t = useTranslations("staff");
  const [verifyState, verify] = useActionState(reviewAction.bind(null, personId), null);
  const [rejectState, reject] = useActionState(reviewAction.bind(null, personId), null);
  const reasonError = fieldError(rejectState, "reason");
  if (verifyState?.ok || rejectState?.ok) {
    return (
      <div role="status" className={`alert mt-3 text-base ${verifyState?.ok ? "alert-success" : "alert-warning"}`}>
        {verifyState?.ok ? t("verified", { name }) : t("rejected", { name })}
      </div>
    );
  }
  return (
    <div className="mt-3 flex flex-col gap-2">
      <FormAlert state={verifyState} />
      <FormAlert state={rejectState} />
      <div className="flex flex-col sm:flex-row gap-2 sm:items-start">
        <form action={verify}>
          <input type="hidden" name="decision" value="verify" />
          <SubmitButton className="btn-success w-full sm:w-auto">{t("verify")}</SubmitButton>
        </form>
        <details className="collapse collapse-arrow border border-base-300 bg-base-100 sm:flex-1">
          <summary className="collapse-title font-medium min-h-0 py-3">{t("reject")}</summary>
          <form action={reject} className="collapse-content flex flex-col gap-2">
            <input type="hidden" name="decision" value="reject" />
            <label htmlFor={`reason-${personId}`} className="font-medium">
              {t("rejectReason")}
            </label>
            <textarea
              id={`reason-${personId}`}
              name="reason"
              rows={2}
              className="textarea textarea-lg w-full"
              placeholder={t("rejectReasonPlaceholder")}
              aria-invalid={!!reasonError}
            />
            {reasonError && (
              <p className="text-error text-sm" role="alert">
                {reasonError}
              </p>
            )}
            <SubmitButton className="btn-error self-start">{t("reject")}</SubmitButton>
          </form>
        </details>
      </div>
    </div>
  );
}
