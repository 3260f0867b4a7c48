import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { signedInPage } from "@/app/_lib/page";
import { listPendingRegistrations } from "@/lib/people/list-registrations";
import { Badge, EmptyState, PageTitle } from "../../_components/ui";
import { ReviewForm } from "./_components/review-form";

export async function generateMetadata() {
  const t = await getTranslations("staff");
  return { title: t("registrationsTitle") };
}

export default async function RegistrationsPage() {
  const page = await signedInPage("/staff/registrations");
  const { actor } = page.ctx;
  const t = await getTranslations("staff");
  const tc = await getTranslations("common");
  const ta = await getTranslations("auth");
  const format = await getFormatter();
  const pending = await page.read((ctx) => listPendingRegistrations(ctx));
  const mayReview = actor.status === "verified" && actor.roles.some((r) => ["gridChief", "gridWorker", "communityAdmin"].includes(r.role));
  if (!mayReview) return <Forbidden title={t("registrationsTitle")}>{t("notAllowed")}</Forbidden>;

  return (
    <div>
      <PageTitle title={t("registrationsTitle")} subtitle={t("registrationsSubtitle")} />
      {pending.length === 0 ? (
        <EmptyState>{t("noPending")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3">
          {pending.map((p) => (
            <li key={p.personId} className="rounded-box bg-base-100 border border-base-300 p-4 md:p-5" data-testid="registration">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-xl font-semibold">{p.name}</span>
                <Badge tone={p.claimedOwner ? "primary" : "neutral"}>{tc(p.claimedOwner ? "roles.owner" : "roles.resident")}</Badge>
                <span className="font-mono text-sm text-base-content/70">{p.displayNumber}</span>
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 mt-2 text-base">
                <dt className="text-base-content/70">{t("appliedUnit")}</dt>
                <dd>
                  {p.gridName} · {p.buildingName} {p.unitNumber}
                </dd>
                <dt className="text-base-content/70">{ta("phone")}</dt>
                <dd>
                  <a className="link" href={`tel:${p.phone}`}>
                    {p.phone}
                  </a>
                </dd>
                <dt className="text-base-content/70">{t("appliedAt")}</dt>
                <dd>{format.dateTime(p.registeredAt, "dateTime")}</dd>
              </dl>
              <ReviewForm personId={p.personId} name={p.name} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
