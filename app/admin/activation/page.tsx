import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { Forbidden } from "@/app/_components/forbidden";
import { Card, EmptyState, PageTitle, Stat } from "@/app/_components/ui";
import { getActivationOverview } from "@/lib/activation/get-activation-overview";
import { DEFAULT_ACTIVATION_DAYS, MAX_ACTIVATION_DAYS } from "@/lib/domain/activation-code";
import { communityCookie } from "../_lib/gate";
import { LettersForm } from "./_components/letters-form";
import { SmsCodesForm } from "./_components/sms-codes-form";
import { channelReady } from "@/lib/notify/enqueue";

export async function generateMetadata() {
  const t = await getTranslations("admin.activation");
  return { title: t("title") };
}

/**
 * Activation letters for people imported from a register: who is still waiting, what became of the
 * codes, and the form that prints a building's, a grid's or the community's letters. For community
 * admins and the grid's own chief and workers (each sees the grids they may issue for).
 */
export default async function ActivationPage() {
  const page = await signedInPage("/admin/activation");
  const t = await getTranslations("admin.activation");
  const tr = await getTranslations("reminders.activation");
  // An admin of several communities works on the one chosen in the admin area, when it is theirs.
  const chosen = Number((await cookies()).get(communityCookie)?.value) || undefined;
  const tried = chosen ? await page.attempt((ctx) => getActivationOverview(ctx, { communityId: chosen })) : null;
  const overview = tried && !(tried instanceof Refusal) ? tried : await page.read((ctx) => getActivationOverview(ctx, {}), { forbidden: "inPage" });
  if (overview instanceof Refusal) {
    return (
      <Forbidden title={t("title")} back={{ href: "/", label: t("home") }}>
        {t("noPermission")}
      </Forbidden>
    );
  }

  const households = (w: { households: number }) => w.households;
  const options = [
    ...(overview.wholeCommunity ? [{ value: "", label: t("wholeCommunity", { households: households(overview.waiting) }), disabled: overview.waiting.people === 0 }] : []),
    // Staff from a staff sheet: a letter each, community admins only (staffWaiting is null for grid staff).
    ...(overview.staffWaiting != null ? [{ value: "staff", label: t("staffOption", { people: overview.staffWaiting }), disabled: overview.staffWaiting === 0 }] : []),
    ...overview.grids.flatMap((g) => [
      { value: `grid:${g.id}`, label: t("gridOption", { grid: g.name, households: g.waiting.households }), disabled: g.waiting.people === 0 },
      ...g.buildings.map((b) => ({ value: `building:${b.id}`, label: t("buildingOption", { grid: g.name, building: b.name, households: b.waiting.households }), disabled: b.waiting.people === 0 })),
    ]),
  ];
  const stats = [
    { label: t("waitingPeople"), value: overview.waiting.people, hint: t("waitingPeopleHint", { households: overview.waiting.households }) },
    ...(overview.staffWaiting != null ? [{ label: t("waitingStaff"), value: overview.staffWaiting, hint: t("waitingStaffHint") }] : []),
    { label: t("open"), value: overview.codes.open, hint: t("openHint") },
    { label: t("used"), value: overview.codes.used, hint: t("usedHint") },
    { label: t("expired"), value: overview.codes.expired, hint: t("expiredHint") },
    { label: t("replaced"), value: overview.codes.replaced, hint: t("replacedHint") },
  ];
  const waitingPlaces = overview.grids.flatMap((g) => g.buildings.filter((b) => b.waiting.people > 0).map((b) => ({ key: b.id, place: `${g.name} · ${b.name}`, ...b.waiting })));

  return (
    <div>
      <PageTitle title={t("title")} subtitle={t("subtitle", { community: overview.communityName })} />
      <ul className={`grid grid-cols-2 gap-3 mb-6 ${stats.length > 5 ? "md:grid-cols-3 xl:grid-cols-6" : "md:grid-cols-5"}`}>
        {stats.map((s) => (
          <li key={s.label}>
            <Stat label={s.label} value={s.value} hint={s.hint} />
          </li>
        ))}
      </ul>
      <Card title={t("generate")}>
        <LettersForm communityId={overview.communityId} options={options} defaultDays={DEFAULT_ACTIVATION_DAYS} maxDays={MAX_ACTIVATION_DAYS} />
      </Card>
      <Card title={tr("smsTitle")} className="mt-6">
        <p className="text-base-content/70">{tr("smsHint")}</p>
        {channelReady("sms", "activationCode") ? (
          <SmsCodesForm
            communityId={overview.communityId}
            options={options}
            defaultDays={DEFAULT_ACTIVATION_DAYS}
            maxDays={MAX_ACTIVATION_DAYS}
            words={{ scope: t("scope"), days: t("days"), daysHint: t("daysHint"), send: tr("send"), sending: tr("sending"), warning: t("replaceWarning"), sent: tr.raw("sent") as string }}
          />
        ) : (
          <p className="text-lg font-medium mt-2" data-sms-status="off">
            {tr("smsOff")}
          </p>
        )}
      </Card>
      <h2 className="text-xl font-bold mt-8 mb-3">{t("byPlace")}</h2>
      {waitingPlaces.length === 0 ? (
        <EmptyState>{t("nobody")}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="table table-zebra text-base">
            <thead>
              <tr>
                <th>{t("placeColumn")}</th>
                <th className="text-right">{t("householdsColumn")}</th>
                <th className="text-right">{t("peopleColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {waitingPlaces.map((p) => (
                <tr key={p.key}>
                  <td>{p.place}</td>
                  <td className="text-right tabular-nums">{p.households}</td>
                  <td className="text-right tabular-nums">{p.people}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
