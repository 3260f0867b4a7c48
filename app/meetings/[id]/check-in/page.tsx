import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ZodError } from "zod";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { checkInPreview } from "@/lib/meetings/check-in";
import { errorMessage } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/config";
import { checkInAction } from "./actions";
import { CheckInForm } from "./_components/check-in-form";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("checkIn.pageTitle") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where the room's QR code leads. The page only reads: it names the meeting and offers one large
 * button; pressing it checks the person in (a POST, app/meetings/[id]/check-in/actions.ts). A page
 * load is not a gesture — the sign-in redirect and the browser's prefetch load it more than once,
 * which used to check a person in before they saw the page and then tell them "already checked in".
 * A wrong or expired code, or a person not of this community, is told so here, before any button.
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

  // The page's answer may be the refusal itself: the link says why the code will not check you in.
  const answer = await page.attempt((ctx) => checkInPreview(ctx, { meetingId: id, code }));
  const preview = answer instanceof Refusal ? null : answer;
  const refusal = answer instanceof Refusal ? refusalOf(answer, locale) : null;

  return (
    <div className="max-w-xl mx-auto flex flex-col gap-4 text-center">
      <h1 className="text-2xl font-bold">{t("checkIn.pageTitle")}</h1>
      {preview ? (
        preview.already ? (
          <div role="status" className="alert alert-success text-lg flex-col" data-testid="check-in-result">
            <span className="text-4xl" aria-hidden>
              ✓
            </span>
            <span>{t("checkIn.already", { title: preview.title })}</span>
            {preview.at && <span className="text-base">{t("checkIn.at", { time: format.dateTime(preview.at, "time") })}</span>}
          </div>
        ) : (
          <>
            <p className="text-xl font-semibold">{preview.title}</p>
            <CheckInForm
              action={checkInAction.bind(null, preview.meetingId, code)}
              locale={locale}
              labels={{
                button: t("checkIn.confirm"),
                pending: t("checkIn.confirming"),
                done: t("checkIn.done", { title: preview.title, name: actor.name }),
                already: t("checkIn.already", { title: preview.title }),
                at: t("checkIn.at", { time: "{time}" }),
              }}
            />
          </>
        )
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
