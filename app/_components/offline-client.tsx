"use client";
import { useEffect, useState } from "react";

type Words = { banner: string; detail: string; submitBlocked: string };

/**
 * Registers the service worker, tells it whose page this is, and says so when the device is
 * offline. Offline, every form submission is stopped here with a message: a vote or any other
 * change is never kept to be sent later (the worker does not touch POSTs either, so one that slips
 * through fails on the network).
 */
export function OfflineClient({ viewer, words }: { viewer: string; words: Words }) {
  const [offline, setOffline] = useState(false);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => reg.active?.postMessage({ type: "viewer", key: viewer }))
      .catch(() => {
        // No worker (private mode, an old browser): the app works online as before.
      });
  }, [viewer]);

  useEffect(() => {
    const update = () => {
      setOffline(!navigator.onLine);
      if (navigator.onLine) setBlocked(false);
    };
    // Capture on window runs before React's own submit handling: offline, nothing is submitted.
    const stopSubmit = (e: Event) => {
      if (navigator.onLine) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      setBlocked(true);
    };
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    window.addEventListener("submit", stopSubmit, true);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
      window.removeEventListener("submit", stopSubmit, true);
    };
  }, []);

  // Always in the page, hidden while online: the service worker unhides it in a saved copy it
  // serves offline, so the banner shows even where that copy's scripts were never saved.
  return (
    <div id="gc-offline-banner" hidden={!offline} className="no-print sticky top-0 z-40 bg-warning text-warning-content px-4 py-3 text-base" data-testid="offline-banner">
      <div className="max-w-5xl mx-auto flex flex-col gap-1">
        <p role="status" className="font-bold text-lg">
          {words.banner}
        </p>
        <p>{words.detail}</p>
        {blocked && (
          <p role="alert" className="font-semibold">
            {words.submitBlocked}
          </p>
        )}
      </div>
    </div>
  );
}
