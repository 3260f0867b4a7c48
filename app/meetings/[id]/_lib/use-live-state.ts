"use client";
import { useEffect, useRef, useState } from "react";
import type { LiveState } from "@/lib/meetings/room/live-state";

/** How often the fallback asks when the stream is down, and when it tries the stream again. */
const POLL_MS = 2_000;
const REOPEN_MS = 10_000;

/**
 * The live state of a meeting, kept current by the server: an EventSource on
 * /api/v1/meetings/{id}/live (the browser reconnects by itself and sends Last-Event-ID, so a
 * reconnect resumes from the current state), and while the stream is down, polling `?once=1`
 * every 2 s. A newer version always wins, whichever way it came. `connected` is true while the
 * stream is open. The room PC's projector reads its own route (`projector: true`), which takes the
 * display code from its cookie.
 *
 * A refusal — 401 signed out, 403 access or display code withdrawn, 404 the meeting gone from the
 * reader's reach, told by the stream's "denied" event or by the poll's status — stops both and sets
 * `denied`: every screen then replaces what it showed with a message (LiveDenied), never keeping
 * the last state (the chair's check-in QR least of all).
 */
export type LiveDenial = { status: 401 | 403 | 404 };

type Live<S> = { state: S; connected: boolean; denied: LiveDenial | null };

export function useLiveState(meetingId: number, initial: LiveState, opts?: { projector?: boolean }): Live<LiveState>;
export function useLiveState(meetingId: number, initial: LiveState | null, opts?: { projector?: boolean }): Live<LiveState | null>;
export function useLiveState(meetingId: number, initial: LiveState | null, opts?: { projector?: boolean }): Live<LiveState | null> {
  const [state, setState] = useState<LiveState | null>(initial);
  const [connected, setConnected] = useState(false);
  const [denied, setDenied] = useState<LiveDenial | null>(null);
  const version = useRef(initial?.version ?? -1);
  const projector = opts?.projector === true;

  useEffect(() => {
    const query = new URLSearchParams();
    const base = projector ? `/meetings/${meetingId}/projector/live` : `/api/v1/meetings/${meetingId}/live`;
    let stopped = false;
    let source: EventSource | null = null;
    let pollTimer: ReturnType<typeof setInterval> | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;

    const accept = (next: LiveState) => {
      // The stream and the poll may both answer: never step back to an older version.
      if (next.meetingId !== meetingId || next.version < version.current) return;
      version.current = next.version;
      setState(next);
    };

    const stopAll = () => {
      stopped = true;
      source?.close();
      if (pollTimer) clearInterval(pollTimer);
      if (reopenTimer) clearTimeout(reopenTimer);
      setConnected(false);
    };
    const deny = (status: number) => {
      stopAll();
      setDenied({ status: status === 401 || status === 404 ? status : 403 });
    };

    const poll = async () => {
      try {
        const once = new URLSearchParams(query);
        once.set("once", "1");
        const res = await fetch(`${base}?${once}`, { cache: "no-store", headers: { accept: "application/json" } });
        if (res.status === 401 || res.status === 403 || res.status === 404) return deny(res.status);
        if (res.ok) accept((await res.json()) as LiveState);
      } catch {
        // Offline for a moment: the next tick asks again.
      }
    };
    const startPolling = () => {
      if (stopped || pollTimer) return;
      void poll();
      pollTimer = setInterval(poll, POLL_MS);
    };
    const stopPolling = () => {
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = null;
    };

    const open = () => {
      if (stopped) return;
      const qs = query.toString();
      const es = new EventSource(qs ? `${base}?${qs}` : base);
      source = es;
      es.onopen = () => {
        setConnected(true);
        stopPolling();
      };
      es.addEventListener("state", (e) => {
        setConnected(true);
        stopPolling();
        try {
          accept(JSON.parse((e as MessageEvent<string>).data) as LiveState);
        } catch {
          // A torn message: the next one carries the whole state again.
        }
      });
      // The server says this reader may no longer see the meeting.
      es.addEventListener("denied", (e) => {
        let status = 403;
        try {
          status = Number((JSON.parse((e as MessageEvent<string>).data) as { status?: number }).status) || 403;
        } catch {
          // No readable reason: a refusal all the same.
        }
        deny(status);
      });
      es.onerror = () => {
        setConnected(false);
        startPolling();
        // CLOSED: the browser gave up (an error status, a proxy that does not stream); try again later.
        if (es.readyState === EventSource.CLOSED && !stopped) {
          es.close();
          reopenTimer = setTimeout(open, REOPEN_MS);
        }
      };
    };

    if (typeof EventSource === "undefined") startPolling();
    else open();
    return () => stopAll();
  }, [meetingId, projector]);

  return { state, connected, denied };
}
