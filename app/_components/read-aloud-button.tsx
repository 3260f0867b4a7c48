"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";

const noop = () => () => {};
/** Whether this browser can speak; false on the server and in browsers without speechSynthesis (the button then never shows). */
const canSpeak = () => typeof window !== "undefined" && !!window.speechSynthesis && typeof window.SpeechSynthesisUtterance === "function";

/**
 * 朗读: reads the given text with the browser's own Chinese voice (nothing leaves the device).
 * One button that starts and stops; whatever else is being read on the page is stopped first.
 */
export function ReadAloudButton({ text, labels }: { text: string; labels: { read: string; stop: string; name: string } }) {
  const supported = useSyncExternalStore(noop, canSpeak, () => false);
  const [speaking, setSpeaking] = useState(false);
  const current = useRef<SpeechSynthesisUtterance | null>(null);

  // Leaving the page stops the voice.
  useEffect(() => () => {
    if (current.current && canSpeak()) window.speechSynthesis.cancel();
  }, []);

  if (!supported) return null;

  const stop = () => {
    current.current = null;
    window.speechSynthesis.cancel();
    setSpeaking(false);
  };
  const start = () => {
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    // A little slower than the default, for older listeners.
    u.rate = 0.9;
    const voice = window.speechSynthesis.getVoices().find((v) => /^zh[-_]CN/i.test(v.lang)) ?? window.speechSynthesis.getVoices().find((v) => /^zh/i.test(v.lang));
    if (voice) u.voice = voice;
    const done = () => {
      if (current.current === u) {
        current.current = null;
        setSpeaking(false);
      }
    };
    u.onend = done;
    u.onerror = done;
    current.current = u;
    setSpeaking(true);
    window.speechSynthesis.speak(u);
  };

  return (
    <button
      type="button"
      className="btn btn-outline btn-secondary gap-2 no-print"
      onClick={speaking ? stop : start}
      aria-label={speaking ? labels.stop : labels.name}
      data-testid="read-aloud"
      data-speaking={speaking ? "" : undefined}
    >
      <svg aria-hidden width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M11 5 6 9H3v6h3l5 4V5Z" />
        {speaking ? <path d="M16 9v6M20 9v6" /> : <path d="M15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" />}
      </svg>
      {speaking ? labels.stop : labels.read}
    </button>
  );
}
