import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { MeetingView } from "@/lib/meetings/get-meeting";
import { checkInUrl, qrSvg } from "../../_lib/qr";
import { closeCheckInAction, openCheckInAction } from "../actions";
import { InlineAction } from "../../_components/inline-action";

/** Staff: open self check-in and show its QR code, renew or close it. */
export async function CheckInPanel({ view, origin }: { view: MeetingView; origin: string }) {
  const t = await getTranslations("meetings");
  const format = await getFormatter();
  const open = view.checkIn;
  const url = open ? checkInUrl(origin, view.id, open.code) : null;
  const svg = url ? await qrSvg(url) : null;
  return (
    <div className="flex flex-col gap-3">
      {open && svg && url ? (
        <>
          <p role="status" className="text-success font-medium">
            {t("checkIn.openUntil", { time: format.dateTime(open.expiresAt, "time") })}
          </p>
          {/* SVG drawn by the qrcode package from our own URL; no user input reaches it. */}
          <div className="w-56 max-w-full bg-white p-2 rounded-box border border-base-300" role="img" aria-label={t("checkIn.qrLabel")} dangerouslySetInnerHTML={{ __html: svg }} />
          <p className="text-sm break-all text-base-content/70">{url}</p>
          <div className="flex flex-wrap gap-2">
            <Link href={`/meetings/${view.id}/room`} className="btn btn-primary">
              {t("checkIn.roomDisplay")}
            </Link>
            <InlineAction action={openCheckInAction.bind(null, view.id)} label={t("checkIn.renew")} className="btn-outline" />
            <InlineAction action={closeCheckInAction.bind(null, view.id)} label={t("checkIn.close")} className="btn-ghost" />
          </div>
        </>
      ) : (
        <>
          <p>{t("checkIn.explain")}</p>
          <InlineAction action={openCheckInAction.bind(null, view.id)} label={t("checkIn.open")} className="btn-primary" fields={{ validMinutes: "30" }} />
        </>
      )}
    </div>
  );
}
