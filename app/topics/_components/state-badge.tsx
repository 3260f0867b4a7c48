import { getTranslations } from "next-intl/server";
import type { topicStateValues } from "@/db/schema";

type State = (typeof topicStateValues)[number];
const tone: Record<State, string> = {
  proposed: "badge-info",
  awaitingAdmission: "badge-warning",
  consulting: "badge-primary",
  drafting: "badge-primary",
  voting: "badge-secondary",
  resolved: "badge-success",
  failed: "badge-error badge-outline",
  implementing: "badge-secondary",
  underReview: "badge-accent",
  rectifying: "badge-warning",
  closed: "badge-success badge-outline",
  rejected: "badge-ghost",
  merged: "badge-ghost",
  expired: "badge-ghost",
};

export async function StateBadge({ state }: { state: State }) {
  const t = await getTranslations("topics");
  return <span className={`badge ${tone[state]} badge-md whitespace-nowrap`}>{t(`states.${state}`)}</span>;
}
