import { useFormatter, useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { Badge, Card, EmptyState } from "@/app/_components/ui";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { SectionNotice } from "../_components/section-notice";
import { listInvitations, type TopicInvitations } from "@/lib/opinions/list-invitations";
import { listOpinions, type OpinionThread, type OpinionView, type TopicOpinions } from "@/lib/opinions/list-opinions";
import { HideOpinionForm } from "./hide-form";
import { InvitePanel } from "./invite-panel";
import { OpinionForm } from "./opinion-form";

const stanceTone = { support: "success", oppose: "error", suggestion: "info" } as const;

/**
 * Consultation (议事协商) on a topic: the opinions with their replies and official responses, the
 * form to give one, and for the topic's staff the moderation and invitation tools. Loads what it
 * needs itself, shaped for the signed-in reader on the server.
 */
export async function OpinionsSection({ topicId }: { topicId: number }) {
  const t = await getTranslations("opinions");
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  if (!page) return <SectionNotice title={t("title")} signIn={{ topicId, label: t("signInToSee") }} />;

  // The topic page answers for the topic; a refusal here is said in the section's place.
  const read = await page.attempt(async (ctx) => {
    const view = await listOpinions(ctx, { topicId });
    return { view, invitations: view.mayModerate ? await listInvitations(ctx, { topicId }) : null };
  });
  if (read instanceof Refusal) return <SectionNotice title={t("title")}>{t("unavailable", { message: await read.message() })}</SectionNotice>;

  // Called, not mounted: the section resolves to its finished tree, as before the split.
  return OpinionsView(read);
}

/** The section drawn from data already loaded (the benchmark draws it from fixed in-memory data). */
export async function OpinionsView({ view, invitations }: { view: TopicOpinions; invitations: TopicInvitations | null }) {
  const t = await getTranslations("opinions");
  const visible = view.counts.support + view.counts.oppose + view.counts.suggestion;
  const speaksFor = view.speaksFor.map((o) => ({ id: o.id, name: o.name }));

  return (
    <div className="flex flex-col gap-4" id="opinions">
      <Card title={t("title")} actions={<span className="text-base text-base-content/70">{t("summary", { count: visible })}</span>}>
        {visible > 0 && (
          <div className="flex flex-wrap gap-2" aria-label={t("summary", { count: visible })}>
            {(["support", "oppose", "suggestion"] as const).map((s) => (
              <Badge key={s} tone={stanceTone[s]}>
                {t(`stances.${s}`)} {view.counts[s]}
              </Badge>
            ))}
          </div>
        )}
        {view.invited && (
          <div role="status" className="alert alert-info text-base">
            {t("invitedNote")}
          </div>
        )}

        {view.threads.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <ol className="flex flex-col gap-3">
            {view.threads.map((thread) => (
              <ThreadItem key={thread.id} thread={thread} view={view} speaksFor={speaksFor} />
            ))}
          </ol>
        )}
      </Card>

      <Card title={t("formTitle")}>
        {view.mayPost ? (
          <OpinionForm topicId={view.topicId} speaksFor={speaksFor} />
        ) : (
          <p className="text-base text-base-content/70">{view.open ? t("notAllowed") : t("closed")}</p>
        )}
      </Card>

      {invitations && (
        <Card title={t("invite.title")}>
          <InvitePanel topicId={view.topicId} open={view.open} thinkTanks={invitations.thinkTanks} invitees={invitations.invitees} />
        </Card>
      )}
    </div>
  );
}

function ThreadItem({ thread, view, speaksFor }: { thread: OpinionThread; view: TopicOpinions; speaksFor: { id: number; name: string }[] }) {
  const t = useTranslations("opinions");
  return (
    <li className="flex flex-col gap-2" data-testid="opinion">
      <OpinionBlock opinion={thread} view={view} />
      {(thread.replies.length > 0 || (view.mayPost && !thread.hidden)) && (
        <div className="ml-3 pl-3 md:ml-6 md:pl-4 border-l-2 border-base-300 flex flex-col gap-2">
          {thread.replies.length > 0 && (
            <ol className="flex flex-col gap-2">
              {thread.replies.map((reply) => (
                <li key={reply.id} data-testid="reply">
                  <OpinionBlock opinion={reply} view={view} />
                </li>
              ))}
            </ol>
          )}
          {view.mayPost && !thread.hidden && (
            <details className="group">
              <summary className="btn btn-ghost btn-sm text-base text-primary px-2">{t("replyTo", { name: thread.author.name })}</summary>
              <div className="pt-2">
                <OpinionForm topicId={view.topicId} parentId={thread.id} speaksFor={speaksFor} />
              </div>
            </details>
          )}
        </div>
      )}
    </li>
  );
}

function OpinionBlock({ opinion, view }: { opinion: OpinionView; view: TopicOpinions }) {
  const t = useTranslations("opinions");
  const format = useFormatter();
  const official = opinion.official && !opinion.hidden;
  return (
    <article
      className={`rounded-box border p-3 md:p-4 ${official ? "border-primary bg-primary/5 border-l-4" : "border-base-300 bg-base-100"}`}
      aria-label={official ? t("official", { organisation: opinion.official!.name }) : undefined}
    >
      {official && <p className="text-primary font-semibold text-base mb-1">{t("official", { organisation: opinion.official!.name })}</p>}
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-semibold text-base">{opinion.author.name}</span>
        {opinion.stance && !opinion.hidden && <Badge tone={stanceTone[opinion.stance]}>{t(`stances.${opinion.stance}`)}</Badge>}
        <time dateTime={opinion.createdAt.toISOString()} className="text-sm text-base-content/60 ml-auto">
          {format.dateTime(opinion.createdAt, "dateTime")}
        </time>
      </header>
      {opinion.hidden ? (
        <div className="mt-2 flex flex-col gap-2">
          <p className="text-base italic text-base-content/70 bg-base-200 rounded-box px-3 py-2">{t("hiddenNotice", { reason: opinion.hidden.reason })}</p>
          {opinion.body != null && (
            <details>
              <summary className="cursor-pointer text-sm text-base-content/70">{t("showHidden")}</summary>
              <p className="mt-1 text-base whitespace-pre-line break-words text-base-content/80">{opinion.body}</p>
            </details>
          )}
        </div>
      ) : (
        <p className="mt-2 text-base md:text-lg leading-relaxed whitespace-pre-line break-words">{opinion.body}</p>
      )}
      {view.mayModerate && !opinion.hidden && (
        <details className="mt-2">
          <summary className="btn btn-ghost btn-sm text-error px-2">{t("hide")}</summary>
          <div className="pt-2">
            <HideOpinionForm topicId={view.topicId} opinionId={opinion.id} />
          </div>
        </details>
      )}
    </article>
  );
}
