import "server-only";
import { describeError, type ErrorBody } from "@/lib/describe-error";
import type { Locale } from "@/lib/i18n/config";

/** What a long import reports as it goes; use cases take it as an optional last argument. */
export type OnProgress = (done: number, total: number) => void;
export type ImportPhase = "read" | "check" | "write";

/**
 * One line of an import route's NDJSON answer: progress lines, then exactly one result or error.
 * The HTTP status is decided before streaming starts (bad file, missing columns → 4xx JSON);
 * an error found once the stream runs arrives as an `error` line with the status it would have had.
 */
export type StreamLine<R> = { phase: ImportPhase; done: number; total: number } | { result: R } | { error: ErrorBody; status: number };

/** Lets the event loop breathe between chunks of a long check, so progress lines reach the client. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A streaming Response of NDJSON lines for a route handler: `work` gets a `progress(phase)` that
 * makes an OnProgress (throttled to about one line per percent), and its return value is the final
 * `result` line. Errors become an `error` line translated for the reader.
 */
export function streamImport<R>(locale: Locale, work: (progress: (phase: ImportPhase) => OnProgress) => Promise<R>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: StreamLine<R>) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      const progress = (phase: ImportPhase): OnProgress => {
        let last = -1;
        return (done, total) => {
          const step = Math.max(1, Math.floor(total / 100));
          if (done === total || last < 0 || done - last >= step) {
            last = done;
            send({ phase, done, total });
          }
        };
      };
      try {
        send({ result: await work(progress) });
      } catch (e) {
        const { status, body } = describeError(e, locale);
        send({ error: body, status });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    // no-transform / X-Accel-Buffering: a proxy must pass the lines on as they come, not buffer the answer.
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
}
