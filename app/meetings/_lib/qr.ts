import "server-only";
import QRCode from "qrcode";

/** The URL a phone opens when it scans the room's QR code. */
export function checkInUrl(origin: string, meetingId: number, code: string): string {
  return `${origin}/meetings/${meetingId}/check-in?code=${encodeURIComponent(code)}`;
}

/**
 * The QR code as an SVG drawn on the server: no script, no image request, sharp at any size on a
 * projector or on paper. Medium error correction survives a glare spot on a screen.
 */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
