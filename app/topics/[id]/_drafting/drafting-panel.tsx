import { getTranslations } from "next-intl/server";
import { can, transitionsFor } from "@/lib/auth/policy";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { alternativesStates } from "@/lib/topics/set-alternatives-allowed";
import { Card } from "@/app/_components/ui";
import { DraftingControls } from "./drafting-controls";

/**
 * The drafting controls, for the staff who own the topic only: start drafting (consulting), the
 * switch for residents' alternative plans (consulting, drafting), the decision after a failed
 * vote. Everyone else, and a topic in any other state, gets nothing. The use cases check again.
 */
export async function DraftingPanel({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  // The topic page itself answers for a topic the reader may not see; this part stays silent.
  const topic = await page?.attempt(({ db, actor }) => loadVisibleTopic(db, actor, topicId));
  if (!page || !topic || topic instanceof Refusal) return null;
  const { actor } = page.ctx;
  if (!can(actor, "topic.manage", topicResource(topic))) return null;
  const transitions = transitionsFor(actor, topic.state, topicResource(topic));
  const mayStartDrafting = transitions.includes("startDrafting");
  const mayToggle = alternativesStates.includes(topic.state);
  const mayDecide = transitions.includes("redraft") && transitions.includes("closeFailed");
  if (!mayStartDrafting && !mayToggle && !mayDecide) return null;
  const t = await getTranslations("notices.drafting");

  return (
    <Card title={t("heading")} className="border-primary/40 no-print">
      <DraftingControls topicId={topic.id} mayStartDrafting={mayStartDrafting} alternatives={{ allowed: topic.alternativesAllowed, mayToggle }} mayDecide={mayDecide} />
    </Card>
  );
}
