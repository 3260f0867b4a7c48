"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import type { ActionState } from "@/lib/actions/run";
import type { LiveState } from "@/lib/meetings/room/live-state";
import { LiveDenied } from "../../_lib/live-denied";
import { useLiveState } from "../../_lib/use-live-state";
import { Countdown } from "../../live/_components/countdown";
import {
  closeVoteAction,
  conclusionAction,
  endMeetingAction,
  endTurnAction,
  grantFloorAction,
  moveAgendaAction,
  openVoteAction,
  quorumAction,
  skipSpeakerAction,
  speakingTimeAction,
  startMeetingAction,
} from "../actions";

/** What the open-vote form offers for the current topic (read by the page from the ballot's open options). */
export type VoteSetup = { topicId: number; canOpen: boolean; plans: { id: number; title: string }[]; meetingQuorum: number | null } | { topicId: number; refused: string };

const big = "btn btn-lg min-h-12 text-lg";

/**
 * The chair's console on a phone or tablet: start, the agenda, who is present against the quorum,
 * the speakers' queue with its countdown, the vote on the current topic, its conclusion, the end.
 * Every change comes back through the pushed live state, so two staff with the console open see
 * the same thing; each button's refusal (too early to close, a second speaker) is shown in words.
 */
export function ChairConsole({ initial, voteSetup }: { initial: LiveState; voteSetup: VoteSetup | null }) {
  const t = useTranslations("room.chair");
  const router = useRouter();
  const { state, connected, denied } = useLiveState(initial.meetingId, initial);
  const skewMs = useMemo(() => new Date(state.serverTime).getTime() - Date.now(), [state.serverTime]);
  const id = state.meetingId;
  const topicId = state.current?.topicId ?? null;
  // The vote form's plans are the current topic's, and whether a vote may open depends on the
  // topic's stage, which a vote's close moves on: read them again when either changes.
  const voteKey = `${state.vote?.ballotId ?? ""}:${state.vote?.phase ?? ""}`;
  const seenVote = useRef(voteKey);
  useEffect(() => {
    const voteMoved = seenVote.current !== voteKey;
    seenVote.current = voteKey;
    if ((topicId !== null && topicId !== voteSetup?.topicId) || voteMoved) router.refresh();
  }, [topicId, voteSetup?.topicId, voteKey, router]);
  // Access withdrawn (or signed out): the console, its queue and its check-in link leave the screen.
  if (denied) return <LiveDenied denial={denied} back={`/meetings/${id}/chair`} />;

  return (
    <div className="flex flex-col gap-5 text-lg">
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className={`badge badge-lg ${state.phase === "running" ? "badge-success" : state.phase === "ended" ? "badge-neutral" : "badge-outline"}`} data-testid="room-phase">
            {t(`phase.${state.phase}`)}
          </span>
          <span className={`badge badge-lg ${connected ? "badge-ghost" : "badge-warning"}`}>{connected ? `● ${t("live")}` : t("disconnected")}</span>
        </div>
        <Quorum state={state} />
      </header>

      {state.phase === "waiting" && (
        <>
          {/* Not keyed by the value: a save pushes a new state, and remounting would drop the "saved" line. */}
          <QuorumForm meetingId={id} quorum={state.quorum.source === "meeting" ? state.quorum.needed : null} invited={state.quorum.invited} />
          <Act action={startMeetingAction.bind(null, id)} className={`${big} btn-primary h-16 text-2xl`} label={t("start")} />
        </>
      )}

      {state.phase === "ended" && (
        <div className="flex flex-col gap-3">
          <p className="text-2xl font-bold">{t("ended")}</p>
          <Link href={`/meetings/${id}`} className={`${big} btn-primary`}>
            {t("toMinutes")}
          </Link>
        </div>
      )}

      {state.phase === "running" && (
        <>
          <CurrentTopic state={state} />
          <Speakers state={state} skewMs={skewMs} />
          <Vote state={state} voteSetup={voteSetup} />
        </>
      )}

      <Agenda state={state} />

      {state.phase === "running" && <EndMeeting meetingId={id} />}
    </div>
  );
}

/**
 * 到场 N / 法定人数 M, and whether it is met — in words and a sign, not by colour alone. While a vote
 * with its own quorum is open, that quorum is the one shown, and the line says so.
 */
function Quorum({ state }: { state: LiveState }) {
  const t = useTranslations("room.chair");
  const q = state.quorum;
  return (
    <div className="flex flex-col gap-1" role="status" data-testid="attendance" data-met={q.met ?? undefined}>
      <p className="text-xl font-semibold">
        {q.needed != null ? t("attendance", { present: q.present, needed: q.needed }) : t("attendanceNoQuorum", { present: q.present })}
        <span className="text-base font-normal text-base-content/70 ml-2">{t("invitedCount", { invited: q.invited })}</span>
      </p>
      {q.needed != null && (
        <p className={`text-lg font-bold ${q.met ? "text-success" : "text-error"}`} data-testid="quorum-status">
          <span aria-hidden>{q.met ? "✓ " : "✗ "}</span>
          {q.met ? t("quorumMet") : t("quorumShort", { missing: q.needed - q.present })}
          {q.source === "vote" && <span className="badge badge-outline badge-lg ml-2 align-middle font-normal">{t("quorumOfVote")}</span>}
        </p>
      )}
    </div>
  );
}

/** Before the start, the chair agrees the meeting's quorum (blank: none); votes take it by default. */
function QuorumForm({ meetingId, quorum, invited }: { meetingId: number; quorum: number | null; invited: number }) {
  const t = useTranslations("room.chair");
  const [result, run, pending] = useActionState(quorumAction.bind(null, meetingId), null);
  const half = Math.floor(invited / 2) + 1;
  return (
    <form action={run} className="flex flex-wrap items-end gap-2" data-testid="quorum-form">
      <label className="flex flex-col gap-1">
        <span className="text-base font-semibold">{t("meetingQuorum")}</span>
        <input name="quorumRequired" type="number" min={1} step={1} inputMode="numeric" defaultValue={quorum ?? ""} className="input input-lg w-36" />
      </label>
      <button type="submit" className={`${big} btn-outline`} disabled={pending}>
        {t("saveQuorum")}
      </button>
      <p className="basis-full text-sm text-base-content/70">{invited > 0 ? t("meetingQuorumHint", { half, invited }) : t("meetingQuorumHintNone")}</p>
      {result && (
        <p role={result.ok ? "status" : "alert"} className={`basis-full ${result.ok ? "text-success" : "text-error"}`}>
          {result.ok ? (result.data.quorumRequired != null ? t("quorumSaved", { needed: result.data.quorumRequired }) : t("quorumCleared")) : result.message}
        </p>
      )}
    </form>
  );
}

/** A one-button form: the action bound to its arguments, its refusal in words underneath. */
function Act({ action, label, className, name, value }: { action: (prev: ActionState<unknown>, form: FormData) => Promise<ActionState<unknown>>; label: string; className: string; name?: string; value?: string }) {
  const [result, run, pending] = useActionState(action, null);
  return (
    <form action={run} className="flex flex-col gap-1">
      <button type="submit" name={name} value={value} className={className} disabled={pending} aria-disabled={pending}>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
        {label}
      </button>
      {result && !result.ok && (
        <p role="alert" className="text-error text-base">
          {result.message}
        </p>
      )}
    </form>
  );
}

function CurrentTopic({ state }: { state: LiveState }) {
  const t = useTranslations("room.chair");
  const cur = state.current;
  if (!cur) return <p className="alert text-lg">{t("noCurrent")}</p>;
  const item = state.agenda.find((a) => a.id === cur.agendaItemId);
  return (
    <section aria-labelledby="chair-topic" className="card bg-base-100 border-2 border-primary">
      <div className="card-body p-4 gap-3">
        <p className="text-base font-semibold text-primary">{t("current")}</p>
        <h2 id="chair-topic" className="text-2xl font-bold leading-snug">
          {cur.title}
        </h2>
        {/* Keyed by the item, so moving on starts the next topic's conclusion from what it has. */}
        <ConclusionForm key={cur.agendaItemId} meetingId={state.meetingId} agendaItemId={cur.agendaItemId} saved={item?.conclusion ?? ""} />
      </div>
    </section>
  );
}

function ConclusionForm({ meetingId, agendaItemId, saved }: { meetingId: number; agendaItemId: number; saved: string }) {
  const t = useTranslations("room.chair");
  const [text, setText] = useState(saved);
  const [result, run, pending] = useActionState(conclusionAction.bind(null, meetingId, agendaItemId), null);
  return (
    <form action={run} className="flex flex-col gap-2">
      <label htmlFor={`conclusion-${agendaItemId}`} className="font-semibold">
        {t("conclusion")}
      </label>
      <textarea id={`conclusion-${agendaItemId}`} name="conclusion" value={text} onChange={(e) => setText(e.target.value)} rows={3} className="textarea textarea-lg w-full text-lg" />
      <p className="text-sm text-base-content/70">{t("conclusionHint")}</p>
      <button type="submit" className={`${big} btn-primary self-start`} disabled={pending}>
        {t("saveConclusion")}
      </button>
      {result && (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "text-success font-semibold" : "text-error"}>
          {result.ok ? t("conclusionSaved") : result.message}
        </p>
      )}
    </form>
  );
}

function Speakers({ state, skewMs }: { state: LiveState; skewMs: number }) {
  const t = useTranslations("room.chair");
  const id = state.meetingId;
  const waiting = state.speakers.filter((s) => s.status === "waiting");
  const [timeResult, setTime, settingTime] = useActionState(speakingTimeAction.bind(null, id), null);
  return (
    <section aria-labelledby="chair-queue" className="card bg-base-100 border border-base-300">
      <div className="card-body p-4 gap-3">
        <h2 id="chair-queue" className="card-title text-xl">
          {t("queue")} <span className="badge badge-lg">{t("waitingCount", { count: waiting.length })}</span>
        </h2>
        {state.speaking && (
          <div className="rounded-box bg-success/15 border-2 border-success p-3 flex flex-col gap-2" data-testid="chair-speaking">
            <p className="text-xl font-bold">{t("speakingNow", { name: state.speaking.name })}</p>
            <Countdown grantedAt={state.speaking.grantedAt} speakingSeconds={state.speaking.speakingSeconds} skewMs={skewMs} className="text-3xl font-bold" />
            <Act action={endTurnAction.bind(null, id)} className={`${big} btn-outline`} label={t("endTurn")} />
          </div>
        )}
        {waiting.length === 0 ? (
          <p className="text-base-content/70">{t("queueEmpty")}</p>
        ) : (
          <ol className="flex flex-col gap-2">
            {waiting.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-2 border-b border-base-200 pb-2">
                <span className="font-semibold flex-1 min-w-32">
                  {s.position}. {s.name}
                </span>
                <div className="flex gap-2">
                  {!state.speaking && <Act action={grantFloorAction.bind(null, id, s.id)} className={`${big} btn-primary`} label={t("grant")} />}
                  <Act action={skipSpeakerAction.bind(null, id, s.id)} className={`${big} btn-outline`} label={t("skip")} />
                </div>
              </li>
            ))}
          </ol>
        )}
        <form action={setTime} className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1">
            <span className="text-base">{t("speakingTime")}</span>
            <input name="minutes" type="number" min={0.5} max={30} step={0.5} inputMode="decimal" defaultValue={state.speakingSeconds / 60} className="input input-lg w-32" />
          </label>
          <button type="submit" className={`${big} btn-outline`} disabled={settingTime}>
            {t("saveTime")}
          </button>
          {timeResult && (
            <p role={timeResult.ok ? "status" : "alert"} className={`basis-full ${timeResult.ok ? "text-success" : "text-error"}`}>
              {timeResult.ok ? t("timeSaved", { minutes: timeResult.data.speakingSeconds / 60 }) : timeResult.message}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}

function Vote({ state, voteSetup }: { state: LiveState; voteSetup: VoteSetup | null }) {
  const t = useTranslations("room.chair");
  const tb = useTranslations("ballots");
  const vote = state.vote;
  const cur = state.current;
  return (
    <section aria-labelledby="chair-vote" className="card bg-base-100 border border-base-300" data-testid="chair-vote">
      <div className="card-body p-4 gap-3">
        <h2 id="chair-vote" className="card-title text-xl">
          {t("vote")}
        </h2>
        {vote ? (
          <>
            <p className="font-semibold">{vote.phase === "open" ? t("voteOpen", { question: vote.question }) : t("voteClosed", { question: vote.question })}</p>
            <p className="text-2xl font-bold" role="status" data-testid="chair-turnout">
              {t("turnout", { voted: vote.turnout.voted, electors: vote.turnout.electors })}
            </p>
            {vote.turnout.areaTotal != null && <p>{t("turnoutArea", { voted: vote.turnout.areaVoted ?? 0, total: vote.turnout.areaTotal })}</p>}
            {vote.phase === "open" && <Act action={closeVoteAction.bind(null, state.meetingId, vote.ballotId)} className={`${big} btn-error`} label={t("closeVote")} />}
            {vote.result && (
              <div className="flex flex-col gap-1" data-testid="chair-result">
                <p className={`text-2xl font-bold ${vote.result.outcome === "passed" ? "text-success" : "text-error"}`}>
                  {vote.result.outcome === "passed" ? "✓" : "✗"} {tb(`outcome.${vote.result.outcome}Long`)}
                </p>
                <p className="text-base">{tb("result.rule", { rule: tb.has(`rules.${vote.result.rule}`) ? tb(`rules.${vote.result.rule}` as "rules.simpleMajority") : vote.result.rule })}</p>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3">
                  {vote.result.figures.map((f) => (
                    <div key={f.label} className="contents">
                      <dt className="text-base-content/70">{f.label}</dt>
                      {/* Whether the figure holds, in words: "50.0% > 50.0%" alone reads as a claim. */}
                      <dd className="font-semibold" data-testid="chair-figure" data-met={f.met}>
                        {f.value}{" "}
                        <span className={f.met ? "text-success" : "text-error"}>
                          <span aria-hidden>{f.met ? "✓" : "✗"}</span> {tb(f.met ? "outcome.met" : "outcome.notMet")}
                        </span>
                      </dd>
                    </div>
                  ))}
                </dl>
                <Link href={`/ballots/${vote.ballotId}`} className="link">
                  {vote.result.resolutionNumber ?? vote.question}
                </Link>
              </div>
            )}
          </>
        ) : null}
        {(!vote || vote.phase === "closed") && cur && voteSetup?.topicId === cur.topicId && (
          "refused" in voteSetup ? (
            <p>{voteSetup.refused}</p>
          ) : !voteSetup.canOpen ? (
            <p>{voteSetup.plans.length === 0 ? t("noPlans") : t("cannotOpen")}</p>
          ) : (
            <OpenVoteForm key={cur.agendaItemId} meetingId={state.meetingId} agendaItemId={cur.agendaItemId} plans={voteSetup.plans} meetingQuorum={voteSetup.meetingQuorum} />
          )
        )}
      </div>
    </section>
  );
}

function OpenVoteForm({ meetingId, agendaItemId, plans, meetingQuorum }: { meetingId: number; agendaItemId: number; plans: { id: number; title: string }[]; meetingQuorum: number | null }) {
  const t = useTranslations("room.chair");
  const [kind, setKind] = useState<"single" | "choice">("single");
  const [result, run, pending] = useActionState(openVoteAction.bind(null, meetingId, agendaItemId), null);
  const field = (n: string) => (result && !result.ok ? result.fields?.[n] : undefined);
  return (
    <form action={run} className="flex flex-col gap-3">
      {plans.length > 1 && (
        <fieldset className="flex flex-col gap-1">
          <legend className="font-semibold">{t("kind")}</legend>
          {(["single", "choice"] as const).map((k) => (
            <label key={k} className="flex items-center gap-3 min-h-11 cursor-pointer">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="radio radio-primary radio-lg" />
              {k === "single" ? t("kindSingle") : t("kindChoice")}
            </label>
          ))}
        </fieldset>
      )}
      {plans.length === 1 && <input type="hidden" name="kind" value="single" />}
      <fieldset className="flex flex-col gap-1">
        <legend className="font-semibold">{kind === "single" ? t("plan") : t("plans")}</legend>
        {plans.map((p, i) => (
          <label key={p.id} className="flex items-center gap-3 min-h-11 cursor-pointer">
            <input
              type={kind === "single" ? "radio" : "checkbox"}
              name="planIds"
              value={p.id}
              defaultChecked={kind === "single" ? i === 0 : true}
              className={kind === "single" ? "radio radio-primary radio-lg" : "checkbox checkbox-primary checkbox-lg"}
            />
            {p.title}
          </label>
        ))}
        {field("planIds") && <p className="text-error text-base">{field("planIds")}</p>}
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col gap-1">
          <span className="text-base">{meetingQuorum != null ? t("voteQuorumDefault", { needed: meetingQuorum }) : t("quorumRequired")}</span>
          <input name="quorumRequired" type="number" min={1} step={1} inputMode="numeric" placeholder={meetingQuorum != null ? String(meetingQuorum) : undefined} className="input input-lg w-40" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-base">{t("minutes")}</span>
          <input name="minutes" type="number" min={1} max={240} step={1} inputMode="numeric" defaultValue={15} className="input input-lg w-40" />
        </label>
      </div>
      <button type="submit" className={`${big} btn-primary h-14`} disabled={pending}>
        {t("openVote")}
      </button>
      {result && !result.ok && (
        <p role="alert" className="text-error">
          {result.message}
        </p>
      )}
    </form>
  );
}

function Agenda({ state }: { state: LiveState }) {
  const t = useTranslations("room.chair");
  return (
    <section aria-labelledby="chair-agenda" className="card bg-base-100 border border-base-300">
      <div className="card-body p-4 gap-3">
        <h2 id="chair-agenda" className="card-title text-xl">
          {t("agenda")}
        </h2>
        {state.agenda.length === 0 ? (
          <p>{t("noAgenda")}</p>
        ) : (
          <ol className="flex flex-col gap-2">
            {state.agenda.map((a) => (
              <li key={a.id} className={`rounded-box p-3 flex flex-wrap items-center gap-2 ${a.current ? "bg-primary/15 border-2 border-primary" : "border border-base-300"}`} aria-current={a.current ? "step" : undefined}>
                <span className="flex-1 min-w-40 font-semibold">
                  {a.position}. {a.title}
                  {a.current && <span className="badge badge-primary ml-2 align-middle">{t("current")}</span>}
                  {a.conclusion && <span className="badge badge-success badge-outline ml-2 align-middle">{t("concluded")}</span>}
                </span>
                {state.phase === "running" && !a.current && (
                  <Act action={moveAgendaAction.bind(null, state.meetingId, a.id)} className={`${big} btn-outline`} label={t("moveTo")} />
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function EndMeeting({ meetingId }: { meetingId: number }) {
  const t = useTranslations("room.chair");
  const dialog = useRef<HTMLDialogElement>(null);
  const [result, run, pending] = useActionState(endMeetingAction.bind(null, meetingId), null);
  return (
    <div className="flex flex-col gap-1 border-t border-base-300 pt-4">
      <button type="button" className={`${big} btn-error btn-outline`} aria-haspopup="dialog" onClick={() => dialog.current?.showModal()} disabled={pending}>
        {t("end")}
      </button>
      {result && !result.ok && (
        <p role="alert" className="text-error">
          {result.message}
        </p>
      )}
      <dialog ref={dialog} className="modal modal-bottom sm:modal-middle" aria-labelledby="end-title">
        <form action={run} className="modal-box flex flex-col gap-3" onSubmit={() => dialog.current?.close()}>
          <h3 id="end-title" className="text-xl font-bold">
            {t("endConfirmTitle")}
          </h3>
          <p>{t("endConfirm")}</p>
          <div className="modal-action flex-wrap gap-2">
            <button type="button" className={big} onClick={() => dialog.current?.close()}>
              {t("cancel")}
            </button>
            <button type="submit" className={`${big} btn-error`}>
              {t("endSubmit")}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
