"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { issueDisplayLinkAction, revokeDisplayLinksAction } from "../actions";
import { QrCode } from "./qr-code";

/**
 * 在会场电脑上打开: staff make the room PC's link here (shown once: only its hash is kept) and can
 * revoke every link of the meeting. Lives on the projector page itself, folded away, so the wall
 * shows nothing of it unless staff open it.
 */
export function RoomPcPanel({ meetingId }: { meetingId: number }) {
  const t = useTranslations("room.projector");
  const format = useFormatter();
  const [issued, issue, issuing] = useActionState(issueDisplayLinkAction.bind(null, meetingId), null);
  const [revoked, revoke, revoking] = useActionState(revokeDisplayLinksAction.bind(null, meetingId), null);
  const [copied, setCopied] = useState(false);
  const link = issued?.ok ? issued.data : null;
  return (
    <details className="group" data-testid="room-pc-panel">
      <summary className="btn btn-sm bg-white text-black border-2 border-black hover:bg-neutral-100">{t("openOnRoomPc")}</summary>
      <div className="absolute right-0 bottom-full mb-2 w-[min(92vw,28rem)] max-h-[80vh] overflow-auto rounded-box border-2 border-black bg-white text-black p-4 flex flex-col gap-3 text-base shadow-xl">
        <p>{t("openOnRoomPcHint")}</p>
        <form action={issue}>
          <button className="btn btn-primary w-full" disabled={issuing}>
            {t("makeLink")}
          </button>
        </form>
        {issued && !issued.ok && (
          <p role="alert" className="text-red-800 font-semibold">
            {issued.message}
          </p>
        )}
        {link && (
          <div className="flex flex-col gap-2" data-testid="room-pc-link">
            <QrCode text={link.url} label={t("linkQrLabel")} className="w-48 h-48 self-center border border-black" />
            <code className="break-all text-sm bg-neutral-100 p-2 rounded select-all" data-testid="room-pc-url">
              {link.url}
            </code>
            <p className="text-sm">{t("linkValidUntil", { time: format.dateTime(new Date(link.expiresAt), "dateTime") })}</p>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                void navigator.clipboard?.writeText(link.url).then(() => setCopied(true));
              }}
            >
              {copied ? t("copied") : t("copy")}
            </button>
          </div>
        )}
        <form action={revoke} className="border-t border-neutral-300 pt-3">
          <button className="btn btn-sm btn-outline btn-error w-full" disabled={revoking}>
            {t("revoke")}
          </button>
          {revoked?.ok && (
            <p role="status" className="text-sm mt-1">
              {t("revoked", { count: revoked.data.revoked })}
            </p>
          )}
          {revoked && !revoked.ok && (
            <p role="alert" className="text-red-800 text-sm mt-1">
              {revoked.message}
            </p>
          )}
        </form>
      </div>
    </details>
  );
}
