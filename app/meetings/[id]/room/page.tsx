import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
import { publicOrigin } from "@/lib/security/public-origin";
import { checkInUrl, qrSvg } from "../../_lib/qr";
import { loadMeetingPage } from "../_lib/load";
import { AutoRefresh } from "./_components/auto-refresh";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("room.title") };
}

/**
 * The screen shown in the room (议事厅) while people arrive: a large QR code for self check-in and
 * how many are in. Staff only, as the code is a credential while it lasts.
 */
export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations("meetings");
  const format = await getFormatter();
  const { view } = await loadMeetingPage(id, `/meetings/${id}/room`);
  if (view instanceof Refusal || !view.mayManage) {
    return (
      <Forbidden title={t("room.title")} back={{ href: `/meetings/${id}`, label: view instanceof Refusal ? t("title") : view.title }}>
        {view instanceof Refusal ? view.explain({ notVerified: t("notVerified") }) : t("notStaff")}
      </Forbidden>
    );
  }
  const open = view.checkIn;
  const svg = open ? await qrSvg(checkInUrl(publicOrigin(), view.id, open.code)) : null;
  return (
    <div className="flex flex-col items-center text-center gap-4">
      <AutoRefresh seconds={10} />
      <div className="self-stretch flex flex-wrap justify-between gap-2 no-print">
        <Link href={`/meetings/${view.id}`} className="link link-hover text-base-content/70">
          ‹ {view.title}
        </Link>
        <span className="flex gap-3">
          <Link href={`/meetings/${view.id}/chair`} className="link link-primary">
            {t("liveRoom.chair")}
          </Link>
          <Link href={`/meetings/${view.id}/projector`} className="link link-primary">
            {t("liveRoom.projector")}
          </Link>
        </span>
      </div>
      <h1 className="text-3xl md:text-5xl font-bold">{view.title}</h1>
      {open && svg ? (
        <>
          <p className="text-2xl md:text-3xl">{t("room.scan")}</p>
          <div
            className="w-[min(80vw,70vh)] bg-white p-4 rounded-box border border-base-300"
            role="img"
            aria-label={t("checkIn.qrLabel")}
            data-testid="room-qr"
            dangerouslySetInnerHTML={{ __html: svg }}
          />
          <p className="text-xl">{t("room.validUntil", { time: format.dateTime(open.expiresAt, "time") })}</p>
        </>
      ) : (
        <p className="text-2xl text-base-content/70">{t("room.closed")}</p>
      )}
      <p className="text-3xl font-bold text-primary" role="status">
        {t("room.present", { count: view.attendees.length })}
      </p>
    </div>
  );
}
