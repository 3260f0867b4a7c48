"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useMemo, useRef } from "react";
import type { LiveState } from "@/lib/meetings/room/live-state";
import { castVoteAction } from "@/app/ballots/actions";
import { LiveDenied } from "../../_lib/live-denied";
import { useLiveState } from "../../_lib/use-live-state";
import { requestToSpeakAction, withdrawRequestAction } from "../actions";
import { Countdown } from "./countdown";

/** What the live state does not carry and the page reads for the vote under way: its choices and this person's elector. */
export type LiveBallot = { ballotId: number; kind: "single" | "choice"; options: { planId: number; title: string }[]; electorKey: string | null };

const choiceTone = { agree: "btn-success", disagree: "btn-error", abstain: "btn-neutral" } as const;

/**
 * An attendee's phone during the meeting: the topic under way, asking to speak, the "your turn"
 * banner with the time left, and the vote in one tap. Everything follows the pushed live state;
 * a person who checks in late sees the meeting appear as soon as the check-in lands.
 */
export function LiveView({ initial, ballot }: { initial: LiveState; ballot: LiveBallot | null }) {
  const t = useTranslations("room.live");
  const router = useRouter();
  const { state, connected, denied } = useLiveState(initial.meetingId, initial);
  const skewMs = useMemo(() => new Date(state.serverTime).getTime() - Date.now(), [state.serverTime]);
  const voteId = state.vote?.ballotId ?? null;
  // The choices of a vote and this person's place among its electors come from the ballot itself:
  // read them again when a new vote opens, and when this person checks in (a late arrival votes too).
  const checkedIn = state.viewer.checkedIn;
  const seenCheckIn = useRef(checkedIn);
  useEffect(() => {
    const arrived = !seenCheckIn.current && checkedIn;
    seenCheckIn.current = checkedIn;
    if ((voteId !== null && voteId !== ballot?.ballotId) || (arrived && voteId !== null)) router.refresh();
  }, [voteId, ballot?.ballotId, checkedIn, router]);

  // Signed out or no longer allowed: the meeting leaves the phone, with the reason.
  if (denied) return <LiveDenied denial={denied} back={`/meetings/${state.meetingId}/live`} />;

  if (!state.viewer.checkedIn) {
    return (
      <div className="flex flex-col gap-4 text-center py-6">
        <h2 className="text-3xl font-bold">{t("notCheckedIn")}</h2>
        <p className="text-xl">{t("checkInHint")}</p>
        <Link href={`/meetings/${state.meetingId}`} className="btn btn-outline btn-lg text-lg">
          {t("toMeeting")}
        </Link>
      </div>
    );
  }

  const mine = state.myRequest;
  const myTurn = mine?.status === "speaking" && state.speaking;
  const waiting = state.speakers.filter((s) => s.status === "waiting").length;

  return (
    <div className="flex flex-col gap-5 text-lg">
      {!connected && (
        <p role="status" className="alert alert-warning text-base">
          {t("disconnected")}
        </p>
      )}
      {myTurn && state.speaking && (
        <section role="alert" className="rounded-box bg-success text-success-content p-5 text-center flex flex-col gap-2" data-testid="your-turn">
          <p className="text-4xl font-bold">{t("yourTurn")}</p>
          <Countdown grantedAt={state.speaking.grantedAt} speakingSeconds={state.speaking.speakingSeconds} skewMs={skewMs} className="text-3xl font-bold" />
        </section>
      )}

      {state.phase === "waiting" && <p className="text-2xl text-center py-6">{t("waiting")}</p>}
      {state.phase === "ended" && <p className="text-2xl text-center py-6">{t("ended")}</p>}

      {state.phase === "running" && (
        <>
          {/* A vote under way comes first: it is what the room is waiting for. */}
          {state.vote && <VotePanel state={state} ballot={ballot?.ballotId === state.vote.ballotId ? ballot : null} />}
          <section aria-labelledby="live-topic" className="flex flex-col gap-2">
            <p className="text-base font-semibold text-base-content/70">{t("currentTopic")}</p>
            {state.current ? (
              <>
                <h2 id="live-topic" className="text-2xl font-bold leading-snug">
                  {state.current.title}
                </h2>
                {state.current.summary && <p className="whitespace-pre-line">{state.current.summary}</p>}
                {state.current.plan && (
                  <details className="rounded-box border border-base-300 p-3">
                    <summary className="font-semibold cursor-pointer min-h-11 flex items-center">{t("plan", { title: state.current.plan.title })}</summary>
                    <div className="prose max-w-none text-lg mt-2" dangerouslySetInnerHTML={{ __html: state.current.plan.bodyHtml }} />
                  </details>
                )}
                {state.current.budgetYuan != null && <p className="font-semibold">{t("budget", { amount: state.current.budgetYuan.toLocaleString() })}</p>}
              </>
            ) : (
              <p id="live-topic">{t("noTopic")}</p>
            )}
          </section>

          <section className="flex flex-col gap-3 border-t border-base-300 pt-4">
            {state.speaking && !myTurn && (
              <p className="flex flex-wrap gap-x-3 items-baseline">
                <span className="font-semibold">{t("speakingNow", { name: state.speaking.name })}</span>
                <Countdown grantedAt={state.speaking.grantedAt} speakingSeconds={state.speaking.speakingSeconds} skewMs={skewMs} />
              </p>
            )}
            {waiting > 0 && <p className="text-base-content/70">{t("queueCount", { count: waiting })}</p>}
            {mine?.status === "waiting" && (
              <p className="text-2xl font-bold text-primary" role="status">
                {t("position", { n: mine.position })}
              </p>
            )}
            <HandButton meetingId={state.meetingId} raised={mine?.status === "waiting"} speaking={mine?.status === "speaking"} />
          </section>
        </>
      )}
    </div>
  );
}

function HandButton({ meetingId, raised, speaking }: { meetingId: number; raised: boolean; speaking: boolean }) {
  const t = useTranslations("room.live");
  const [raiseState, raise, raising] = useActionState(requestToSpeakAction.bind(null, meetingId), null);
  const [withdrawState, withdraw, withdrawing] = useActionState(withdrawRequestAction.bind(null, meetingId), null);
  if (speaking) return null;
  const failed = raised ? withdrawState : raiseState;
  return (
    <form action={raised ? withdraw : raise} className="flex flex-col gap-2">
      <button type="submit" className={`btn btn-lg h-16 text-2xl ${raised ? "btn-outline" : "btn-primary"}`} disabled={raising || withdrawing}>
        {raised ? t("withdraw") : t("raiseHand")}
      </button>
      {failed && !failed.ok && (
        <p role="alert" className="text-error text-base">
          {failed.message}
        </p>
      )}
    </form>
  );
}

function VotePanel({ state, ballot }: { state: LiveState; ballot: LiveBallot | null }) {
  const t = useTranslations("room.live");
  const tb = useTranslations("ballots");
  const vote = state.vote!;
  const [result, action, pending] = useActionState(castVoteAction.bind(null, vote.ballotId, ballot?.electorKey ?? ""), null);
  const voted = vote.myVote === "cast" || result?.ok === true;
  return (
    <section aria-labelledby="live-vote" className="rounded-box border-2 border-primary p-4 flex flex-col gap-3" data-testid="live-vote">
      <h2 id="live-vote" className="text-xl font-bold">
        {t("vote")}：{vote.question}
      </h2>
      {vote.phase === "closed" ? (
        <p className="font-semibold">
          {t("voteClosed")}
          {vote.result && <span className={`block text-2xl ${vote.result.outcome === "passed" ? "text-success" : "text-error"}`}>{tb(`outcome.${vote.result.outcome}Long`)}</span>}
        </p>
      ) : voted ? (
        <>
          <p className="text-3xl font-bold text-success text-center" role="status">
            ✓ {t("voted")}
          </p>
          <p className="text-base text-base-content/70">{t("votedHint")}</p>
        </>
      ) : !ballot ? (
        <span className="loading loading-spinner loading-lg self-center" aria-hidden />
      ) : !ballot.electorKey ? (
        <p>{t("notElector")}</p>
      ) : (
        <form action={action} className="flex flex-col gap-3">
          {ballot.kind === "single"
            ? (["agree", "disagree", "abstain"] as const).map((c) => (
                <button key={c} type="submit" name="choice" value={c} className={`btn btn-lg h-16 text-2xl ${choiceTone[c]}`} disabled={pending}>
                  {tb(`choices.${c}`)}
                </button>
              ))
            : ballot.options.map((o) => (
                <button key={o.planId} type="submit" name="planId" value={o.planId} className="btn btn-lg btn-primary h-auto min-h-16 py-3 text-xl" disabled={pending}>
                  {o.title}
                </button>
              ))}
          {result && !result.ok && (
            <p role="alert" className="text-error text-base">
              {result.message}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
