"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { LiveDenial } from "./use-live-state";

/**
 * What the chair's console and an attendee's phone show once the server refuses them (signed out,
 * access withdrawn, the meeting out of reach): the whole screen is replaced by this message, so no
 * stale queue, vote or check-in code stays up.
 */
export function LiveDenied({ denial, back }: { denial: LiveDenial; /** This page, to come back to after signing in. */ back: string }) {
  const t = useTranslations("room.denied");
  const signedOut = denial.status === 401;
  return (
    <div role="alert" className="alert alert-error flex flex-col items-start gap-3 text-lg" data-testid="live-denied" data-status={denial.status}>
      <p className="text-2xl font-bold">{signedOut ? t("signedOutTitle") : t("title")}</p>
      <p>{signedOut ? t("signedOut") : denial.status === 404 ? t("gone") : t("forbidden")}</p>
      {signedOut ? (
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(back)}`} className="btn btn-lg">
          {t("signIn")}
        </Link>
      ) : (
        <Link href="/meetings" className="btn btn-lg">
          {t("toMeetings")}
        </Link>
      )}
    </div>
  );
}
