import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { checkIn, type CheckInResult } from "@/lib/meetings/check-in";
import { errorMessage } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/config";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("checkIn.pageTitle") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where the room's QR code leads. Opening it signed in checks the person in: scanning is the
 * whole gesture, as on a paper sign-in sheet. The code (random, short-lived, shown only in the room)
 * is what makes the visit count, and checking in again changes nothing, so a reload is harmless.
 */
export default async function CheckInPage({ params, searchParams }: Props) {
  const { id } = await params;
  const raw = (await searchParams).code;
  const code = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/meetings/${id}/check-in?code=${encodeURIComponent(code)}`)}`);
  const t = await getTranslations("meetings");
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;

  let result: CheckInResult | null = null;
  let refusal: { message: string; expired: boolean } | null = null;
  try {
    result = checkIn({ db: getDb(), actor }, { meetingId: id, code });
  } catch (e) {
    if (e instanceof ZodError) refusal = { message: errorMessage(locale, e.issues[0]?.path[0] === "meetingId" ? "meetingNotFound" : "checkInCodeInvalid"), expired: false };
    else if (e instanceof AppError) refusal = { message: errorMessage(locale, e.messageKey, e.params), expired: e.status === 410 };
    else throw e;
  }

  return (
    <div className="max-w-xl mx-auto flex flex-col gap-4 text-center">
      <h1 className="text-2xl font-bold">{t("checkIn.pageTitle")}</h1>
      {result ? (
        <div role="status" className="alert alert-success text-lg flex-col">
          <span className="text-4xl" aria-hidden>
            ✓
          </span>
          <span>{result.already ? t("checkIn.already", { title: result.title }) : t("checkIn.done", { title: result.title, name: actor.name })}</span>
          <span className="text-base">{t("checkIn.at", { time: format.dateTime(result.at, { timeStyle: "short" }) })}</span>
        </div>
      ) : (
        <div role="alert" className={`alert ${refusal?.expired ? "alert-warning" : "alert-error"} text-lg`}>
          {refusal?.message}
        </div>
      )}
      <Link href={`/meetings/${id}`} className="btn btn-outline btn-lg">
        {t("checkIn.toMeeting")}
      </Link>
    </div>
  );
}
