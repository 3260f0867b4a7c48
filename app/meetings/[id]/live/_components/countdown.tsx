"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { remainingSeconds } from "@/lib/domain/meeting-room";

/** m:ss, for a turn's time left. */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The current speaker's time left, ticking every second. The server's clock decides: `skewMs`
 * (server time minus this device's time when the state arrived) corrects a phone whose clock is off.
 */
export function Countdown({ grantedAt, speakingSeconds, skewMs, className = "" }: { grantedAt: string; speakingSeconds: number; skewMs: number; className?: string }) {
  const t = useTranslations("room.live");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = remainingSeconds(new Date(grantedAt), speakingSeconds, new Date(now + skewMs));
  return (
    <span className={`font-mono tabular-nums ${left === 0 ? "text-error" : ""} ${className}`} role="timer" aria-live="off" data-testid="countdown">
      {left === 0 ? t("timeUp") : t("remaining", { time: clock(left) })}
    </span>
  );
}
