import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ZodError } from "zod";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { checkIn } from "@/lib/meetings/check-in";
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
  const page = await signedInPage(`/meetings/${id}/check-in?code=${encodeURIComponent(code)}`);
  const { actor } = page.ctx;
  const t = await getTranslations("meetings");
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;

  // The page's answer is the refusal itself: the link says why the code did not check you in.
  const answer = page.attempt((ctx) => checkIn(ctx, { meetingId: id, code }));
  const result = answer instanceof Refusal ? null : answer;
  const refusal = answer instanceof Refusal ? refusalOf(answer, locale) : null;

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

function refusalOf({ error: e }: Refusal, locale: Locale): { message: string; expired: boolean } {
  if (e instanceof ZodError) return { message: errorMessage(locale, e.issues[0]?.path[0] === "meetingId" ? "meetingNotFound" : "checkInCodeInvalid"), expired: false };
  return { message: errorMessage(locale, e.messageKey, e.params), expired: e.status === 410 };
}
