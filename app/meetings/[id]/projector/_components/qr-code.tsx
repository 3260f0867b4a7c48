"use client";
import QRCode from "qrcode";
import { useEffect, useState } from "react";

/**
 * A QR code drawn in the browser as SVG (the check-in link changes when staff reopen check-in, and
 * the projector learns it from the live state). The same settings as the room page's server-drawn
 * code: medium error correction survives a glare spot on a projected screen.
 */
export function QrCode({ text, label, className, testId }: { text: string; label: string; className?: string; testId?: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } }).then(
      (s) => live && setSvg(s),
      () => live && setSvg(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      className={`bg-white [&>svg]:w-full [&>svg]:h-full ${className ?? ""}`}
      role="img"
      aria-label={label}
      data-testid={testId}
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
