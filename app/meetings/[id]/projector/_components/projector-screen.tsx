"use client";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { remainingSeconds } from "@/lib/domain/meeting-room";
import type { LiveState } from "@/lib/meetings/room/live-state";
import { useLiveState } from "../../_lib/use-live-state";
import { QrCode } from "./qr-code";

/*
 * Sizing: one font size for the whole screen, from the smaller of the width and the height, so the
 * same layout fills 1920×1080, 1280×720 and 1024×768 alike; everything inside is in em. Colours
 * are black on white with dark accents (each ≥ 7:1 against white, WCAG AAA for text): a projector
 * washes out pale tones and thin type first.
 */
const screenStyle = { fontSize: "clamp(16px, min(2.1vw, 3.7vh), 72px)" };
const shell = "fixed inset-0 z-[100] flex flex-col bg-white text-black overflow-hidden leading-snug";

/** A full-screen message instead of the meeting (a display link that opens nothing). */
export function ProjectorMessage({ title, body }: { title: string; body: string }) {
  return (
    <div className={`${shell} items-center justify-center text-center gap-[0.6em] p-[1em]`} style={screenStyle} data-testid="projector-refused">
      <h1 className="text-[1.6em] font-bold">{title}</h1>
      <p className="text-[1em]">{body}</p>
    </div>
  );
}

const mmss = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** The speaker's countdown, ticking on the server's clock (the offset measured from each state). */
function Countdown({ grantedAt, speakingSeconds, skewMs }: { grantedAt: string; speakingSeconds: number; skewMs: number }) {
  const t = useTranslations("room.projector");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = remainingSeconds(new Date(grantedAt), speakingSeconds, new Date(now + skewMs));
  const tone = left === 0 ? "bg-red-800 text-white" : left <= 30 ? "text-red-800" : "text-black";
  return (
    <div className={`rounded-[0.3em] px-[0.3em] text-center ${tone}`} data-testid="projector-countdown" data-seconds={left}>
      <div className="text-[0.75em] font-semibold">{left === 0 ? t("overtime") : t("timeLeft")}</div>
      <div className="text-[3.4em] font-black tabular-nums leading-none tracking-tight" role="timer" aria-live="off">
        {mmss(left)}
      </div>
    </div>
  );
}

function Header({ state }: { state: LiveState }) {
  const t = useTranslations("room.projector");
  const { present, needed, invited, met, source } = state.quorum;
  return (
    <header className="flex items-center gap-[0.8em] px-[0.8em] py-[0.4em] border-b-[0.12em] border-black">
      <div className="min-w-0 flex-1">
        <h1 className="text-[1.3em] font-bold truncate" data-testid="projector-title">
          {state.title}
        </h1>
        <p className="text-[0.7em] font-semibold">{t(`phase.${state.phase}`)}</p>
      </div>
      <div className="text-right shrink-0" data-testid="projector-attendance">
        <div className="text-[0.7em] font-semibold">{t("present")}</div>
        <div className="text-[1.8em] font-black tabular-nums leading-none" data-testid="projector-present">
          {present}
        </div>
      </div>
      <div className="text-[0.8em] font-semibold shrink-0 border-l-[0.12em] border-black pl-[0.6em]">
        {needed != null ? (
          <>
            <div data-testid="projector-quorum-needed">{source === "vote" ? t("quorumOfVote", { needed }) : t("quorumNeeded", { needed })}</div>
            <div className={`font-black ${met ? "text-green-800" : "text-red-800"}`} data-testid="projector-quorum" data-met={!!met}>
              <span aria-hidden>{met ? "✓ " : "✗ "}</span>
              {met ? t("quorumMet") : t("quorumNotMet", { missing: needed - present })}
            </div>
          </>
        ) : (
          <div>{t("invited", { invited })}</div>
        )}
      </div>
    </header>
  );
}

function Speakers({ state, skewMs }: { state: LiveState; skewMs: number }) {
  const t = useTranslations("room.projector");
  const waiting = state.speakers.filter((s) => s.status === "waiting");
  const shown = waiting.slice(0, 5);
  return (
    <section className="flex flex-col gap-[0.5em] min-h-0" aria-label={t("queue")}>
      <div className="rounded-[0.4em] border-[0.12em] border-black p-[0.5em] flex flex-col gap-[0.3em]" data-testid="projector-speaker">
        <div className="text-[0.75em] font-semibold">{t("speaking")}</div>
        {state.speaking ? (
          <>
            <div className="text-[1.5em] font-bold leading-tight break-words" data-testid="projector-speaker-name">
              {state.speaking.name}
            </div>
            <Countdown grantedAt={state.speaking.grantedAt} speakingSeconds={state.speaking.speakingSeconds} skewMs={skewMs} />
          </>
        ) : (
          <div className="text-[1em]">{t("nobodySpeaking")}</div>
        )}
      </div>
      <div className="min-h-0 flex flex-col gap-[0.2em]" data-testid="projector-queue">
        <h2 className="text-[0.8em] font-bold">
          {t("queue")} · {waiting.length}
        </h2>
        {waiting.length === 0 ? (
          <p className="text-[0.85em]">{t("queueEmpty")}</p>
        ) : (
          <ol className="flex flex-col gap-[0.15em]">
            {shown.map((s, i) => (
              <li key={s.id} className="text-[0.95em] flex gap-[0.4em] items-baseline">
                <span className="tabular-nums font-black w-[1.4em] text-right">{i + 1}</span>
                <span className="truncate">{s.name}</span>
              </li>
            ))}
            {waiting.length > shown.length && <li className="text-[0.8em]">{t("more", { count: waiting.length - shown.length })}</li>}
          </ol>
        )}
      </div>
    </section>
  );
}

function Topic({ current, position }: { current: NonNullable<LiveState["current"]>; position: number | null }) {
  const t = useTranslations("room.projector");
  const format = useFormatter();
  return (
    <section className="flex flex-col gap-[0.5em] min-h-0" data-testid="projector-topic">
      <div className="text-[0.8em] font-semibold">
        {t("currentTopic")}
        {position != null && ` · ${t("agendaPosition", { position })}`}
      </div>
      <h2 className="text-[1.8em] font-black leading-tight">{current.title}</h2>
      {current.summary && <p className="text-[0.95em] line-clamp-4">{current.summary}</p>}
      {current.plan && (
        <div className="rounded-[0.4em] border-[0.12em] border-black p-[0.5em] flex flex-col gap-[0.2em] min-h-0 overflow-hidden">
          <div className="flex flex-wrap items-baseline gap-x-[0.8em]">
            <span className="text-[0.75em] font-semibold">{t("plan")}</span>
            <span className="text-[1.1em] font-bold">{current.plan.title}</span>
          </div>
          <div className="text-[1em] font-bold text-blue-900" data-testid="projector-budget">
            {t("budget")}：{current.budgetYuan ? t("budgetYuan", { amount: format.number(current.budgetYuan) }) : t("noBudget")}
          </div>
          {/* The plan's body is the app's sanitized rich text (as on the plan page); the wall shows its start. */}
          <div className="text-[0.8em] line-clamp-4" dangerouslySetInnerHTML={{ __html: current.plan.bodyHtml }} />
        </div>
      )}
    </section>
  );
}

function Vote({ vote }: { vote: NonNullable<LiveState["vote"]> }) {
  const t = useTranslations("room.projector");
  const tb = useTranslations("ballots");
  const { voted, electors, areaVoted, areaTotal } = vote.turnout;
  const pct = electors > 0 ? Math.min(100, Math.round((voted / electors) * 100)) : 0;
  const result = vote.result;
  return (
    <section className="flex flex-col gap-[0.5em] min-h-0" data-testid="projector-vote" data-phase={vote.phase}>
      <div className="text-[0.8em] font-semibold">{vote.phase === "open" ? t("voteOpen") : t("voteClosed")}</div>
      <h2 className="text-[1.4em] font-black leading-tight">{vote.question}</h2>
      <div data-testid="projector-turnout">
        <div className="flex items-baseline gap-[0.5em]">
          <span className="text-[0.9em] font-semibold">{t("voted")}</span>
          <span className="text-[2.6em] font-black tabular-nums leading-none" data-testid="projector-voted">
            {t("votedOf", { voted, electors })}
          </span>
        </div>
        <div className="h-[0.6em] border-[0.1em] border-black rounded-full overflow-hidden mt-[0.2em]" aria-hidden>
          <div className="h-full bg-blue-900" style={{ width: `${pct}%` }} />
        </div>
        {areaTotal != null && areaTotal > 0 && (
          <p className="text-[0.9em] mt-[0.2em] tabular-nums">{t("votedArea", { voted: squareMetres(areaVoted ?? 0), total: squareMetres(areaTotal) })}</p>
        )}
      </div>
      {vote.phase === "open" || !result ? (
        <p className="text-[0.9em] font-semibold">{t("secretUntilClose")}</p>
      ) : (
        <div className="flex flex-col gap-[0.4em] min-h-0" data-testid="projector-result" data-outcome={result.outcome}>
          <p className={`text-[2em] font-black leading-none ${result.outcome === "passed" ? "text-green-800" : "text-red-800"}`}>
            <span aria-hidden>{result.outcome === "passed" ? "✓ " : "✗ "}</span>
            {result.outcome === "passed" ? tb("outcome.passedLong") : tb("outcome.failedLong")}
          </p>
          {result.options.length > 0 && (
            <div className="flex flex-col gap-[0.2em]">
              {result.options.map((o) => (
                <div key={o.planId} className="flex flex-wrap items-baseline gap-x-[0.8em] text-[1em]" data-testid="projector-option">
                  {result.options.length > 1 && <span className="font-bold">{o.title}</span>}
                  {result.options.length > 1 ? (
                    <span className="tabular-nums font-black">{tb("amounts.optionVotes", { count: o.votes })}</span>
                  ) : (
                    (["agree", "disagree", "abstain"] as const).map((c) => (
                      <span key={c} className="tabular-nums">
                        {tb(`choices.${c}`)} <b className="text-[1.4em]">{o[c]}</b>
                      </span>
                    ))
                  )}
                </div>
              ))}
            </div>
          )}
          <p className="text-[0.9em] font-semibold">{tb.has(`rules.${result.rule}`) ? tb("result.rule", { rule: tb(`rules.${result.rule}`) }) : result.rule}</p>
          <ul className="flex flex-col gap-[0.1em] text-[1em]" data-testid="projector-figures">
            {result.figures.map((f, i) => (
              <li key={i} className="flex flex-wrap gap-x-[0.5em]" data-testid="projector-figure" data-met={f.met}>
                {/* Each figure says whether it holds: "同意票数 50.0% > 50.0%" alone reads as a claim the room would doubt. */}
                <span className={`font-bold ${f.met ? "text-green-800" : "text-red-800"}`}>
                  <span aria-hidden>{f.met ? "✓" : "✗"}</span> {tb(f.met ? "outcome.met" : "outcome.notMet")}
                </span>
                <span className="font-semibold">{f.label}</span>
                <span className="tabular-nums">{f.value}</span>
              </li>
            ))}
          </ul>
          {result.resolutionNumber && (
            <p className="text-[0.9em] font-bold" data-testid="projector-resolution">
              {t("resolution", { number: result.resolutionNumber })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/** Hundredths of a square metre as written: 136300 → "1363.00" (as the ballot page writes them). */
function squareMetres(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
}

function Agenda({ state }: { state: LiveState }) {
  const t = useTranslations("room.projector");
  if (state.agenda.length === 0) return <p className="text-[0.9em]">{t("agendaEmpty")}</p>;
  return (
    <ol className="flex flex-col gap-[0.25em] min-h-0 overflow-hidden" data-testid="projector-agenda">
      {state.agenda.map((a) => (
        <li key={a.id} className={`flex gap-[0.4em] items-baseline text-[0.95em] ${a.current ? "font-black" : ""}`}>
          <span className="tabular-nums font-bold w-[1.4em] text-right shrink-0">{a.position}</span>
          <span className="min-w-0">
            {a.title}
            {a.conclusion && <span className="block text-[0.8em] font-normal line-clamp-2">{`${t("conclusion")}：${a.conclusion}`}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Between topics: the check-in QR code with its link, and the agenda. Only this screen shows the code. */
function BetweenTopics({ state }: { state: LiveState }) {
  const t = useTranslations("room.projector");
  const checkIn = state.checkIn;
  return (
    <section className="flex gap-[1em] min-h-0 h-full">
      <div className="flex flex-col items-center gap-[0.3em] shrink-0 min-h-0">
        {checkIn?.open ? (
          <>
            <p className="text-[1.3em] font-black">{t("scanToCheckIn")}</p>
            <QrCode text={checkIn.url} label={t("scanToCheckIn")} className="size-[min(58vh,34vw)] border-[0.08em] border-black" testId="projector-qr" />
            <p className="text-[0.6em]">{t("orOpen")}</p>
            <p className="text-[0.7em] font-mono break-all max-w-[min(58vh,34vw)] text-center" data-testid="projector-checkin-url">
              {checkIn.url}
            </p>
          </>
        ) : (
          <p className="text-[1em] font-semibold border-[0.1em] border-black rounded-[0.3em] p-[0.6em]">{t("checkInClosed")}</p>
        )}
      </div>
      <div className="flex-1 min-w-0 flex flex-col gap-[0.3em] min-h-0">
        <h2 className="text-[1em] font-bold">{t("betweenTopics")}</h2>
        <Agenda state={state} />
      </div>
    </section>
  );
}

function FullscreenButton() {
  const t = useTranslations("room.projector");
  const [full, setFull] = useState(false);
  useEffect(() => {
    const sync = () => setFull(!!document.fullscreenElement);
    document.addEventListener("fullscreenchange", sync);
    return () => document.removeEventListener("fullscreenchange", sync);
  }, []);
  if (full) return null;
  return (
    <button
      type="button"
      className="btn btn-sm bg-black text-white border-black hover:bg-neutral-800"
      onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
      data-testid="projector-fullscreen"
    >
      {t("fullscreen")}
    </button>
  );
}

/** `display`: the room PC, reading by the display code in its cookie rather than a session. */
export function ProjectorScreen({ initial, display = false, staffPanel, backHref }: { initial: LiveState; display?: boolean; staffPanel?: React.ReactNode; backHref?: string }) {
  const t = useTranslations("room.projector");
  // The same refusal path as every live screen: the hook reports 401/403/404 from the stream or the poll.
  const { state, connected, denied } = useLiveState(initial.meetingId, initial, { projector: display });
  const skewMs = useMemo(() => new Date(state.serverTime).getTime() - Date.now(), [state.serverTime]);
  const position = state.current ? (state.agenda.find((a) => a.id === state.current!.agendaItemId)?.position ?? null) : null;
  const between = state.phase === "waiting" || (state.phase === "running" && !state.current && !state.vote);

  // A revoked or expired link (or staff signed out) leaves nothing of the meeting on the wall,
  // the check-in QR code least of all.
  if (denied) return <ProjectorMessage title={t("refused")} body={t("refusedHint")} />;

  let main: React.ReactNode;
  if (state.phase === "ended") {
    main = (
      <section className="flex flex-col gap-[0.5em] min-h-0">
        <h2 className="text-[1.6em] font-black">{t("ended")}</h2>
        <Agenda state={state} />
      </section>
    );
  } else if (state.vote) main = <Vote vote={state.vote} />;
  else if (state.current) main = <Topic current={state.current} position={position} />;
  else main = <BetweenTopics state={state} />;

  return (
    <div className={shell} style={screenStyle} data-testid="projector" data-version={state.version} data-between={between}>
      <Header state={state} />
      <div className="flex-1 min-h-0 grid grid-cols-[minmax(0,1fr)_minmax(0,0.5fr)] gap-[0.8em] p-[0.8em]">
        <div className="min-h-0 overflow-hidden">{main}</div>
        <div className="min-h-0 overflow-hidden border-l-[0.12em] border-black pl-[0.8em]">
          <Speakers state={state} skewMs={skewMs} />
        </div>
      </div>
      <footer className="flex items-center gap-2 px-3 py-1 text-sm border-t border-neutral-300">
        <span className={`font-semibold ${connected ? "text-green-800" : "text-red-800"}`} role="status" data-testid="projector-connection" data-connected={connected}>
          <span aria-hidden>● </span>
          {connected ? t("live") : t("reconnecting")}
        </span>
        <span className="ml-auto flex items-center gap-2 relative">
          {backHref && (
            <Link href={backHref} className="btn btn-sm btn-ghost">
              {t("back")}
            </Link>
          )}
          {staffPanel}
          <FullscreenButton />
        </span>
      </footer>
    </div>
  );
}
