import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/policy";
import { publicPage, signedInPage } from "@/app/_lib/page";
import { setupPending } from "@/lib/setup/status";
import { homeSummary } from "@/lib/people/home-summary";
import { listTopics } from "@/lib/topics/list-topics";
import { myTodos } from "@/app/_lib/my-todos";
import { StateBadge } from "./topics/_components/state-badge";
import { DisplayNumber } from "./_components/display-number";
import { TodoList } from "./_components/todo-list";
import { Card } from "./_components/ui";

const loopSteps = ["propose", "consult", "plan", "resolve", "rate"] as const;

async function Welcome() {
  const t = await getTranslations("home");
  return (
    <div className="flex flex-col gap-6">
      <section className="rounded-box bg-base-100 border border-base-300 p-6 md:p-10">
        <h1 className="text-3xl md:text-4xl font-bold text-primary">{t("heroTitle")}</h1>
        <p className="mt-3 text-lg max-w-2xl">{t("heroLead")}</p>
        <div className="mt-6 flex flex-col sm:flex-row gap-3">
          <Link href="/register" className="btn btn-primary btn-lg">
            {t("startRegister")}
          </Link>
          <Link href="/sign-in" className="btn btn-outline btn-lg">
            {t("startSignIn")}
          </Link>
        </div>
      </section>
      <LoopSteps />
      <Link href="/community" className="link link-primary text-center">
        {t("seeCommunity")}
      </Link>
    </div>
  );
}

async function LoopSteps() {
  const t = await getTranslations("home");
  return (
    <section aria-labelledby="loop-title">
      <h2 id="loop-title" className="text-xl font-bold mb-3">
        {t("loopTitle")}
      </h2>
      <ol className="grid grid-cols-1 sm:grid-cols-5 gap-3">
        {loopSteps.map((s, i) => (
          <li key={s} className="rounded-box bg-base-100 border border-base-300 p-4 flex sm:flex-col gap-3 items-start">
            <span className="inline-grid place-items-center size-9 rounded-full bg-primary text-primary-content font-bold shrink-0">{i + 1}</span>
            <div>
              <div className="font-semibold text-lg">{t(`loop.${s}`)}</div>
              <div className="text-sm text-base-content/70">{t(`loopHint.${s}`)}</div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default async function HomePage() {
  const page = await signedInPage("/", { signedOut: "null" });
  if (!page) {
    // A database with no community yet: the first visit leads to the setup (asked only until it is done).
    if (await (await publicPage("/")).read(({ db }) => setupPending(db))) redirect("/setup");
    return <Welcome />;
  }
  const { actor } = page.ctx;
  const t = await getTranslations("home");
  const ta = await getTranslations("auth");
  const tc = await getTranslations("common");
  const summary = (await page.read((ctx) => homeSummary(ctx)))!;
  const verified = actor.status === "verified";
  // 待我处理: every action waiting on the person, in every role (lib/todo); empty until verified.
  const todos = (await myTodos())!; // the header has read it already in this request
  const myTopics = verified ? await page.read((ctx) => listTopics(ctx, { view: "mine" })) : null;
  const isAdmin = actor.roles.some((r) => can(actor, "grid.manage", { communityId: r.communityId }));

  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl md:text-3xl font-bold">{t("greeting", { name: actor.name })}</h1>
      {actor.status === "pending" && (
        <div role="status" className="alert alert-warning text-base">
          {ta("pendingBanner")}
        </div>
      )}
      {actor.status === "rejected" && (
        <div role="alert" className="alert alert-error text-base">
          {ta("rejectedBanner", { reason: summary.rejectReason ?? "" })}
        </div>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        <TodoList items={todos.items} />

        <Card title={t("myIdentity")}>
          <DisplayNumber value={actor.displayNumber} />
          {summary.roles.length > 0 && (
            <>
              <h3 className="font-semibold mt-2">{t("myRoles")}</h3>
              <ul className="flex flex-col gap-1">
                {summary.roles.map((r) => (
                  <li key={r.id} className="flex flex-wrap gap-2 items-center">
                    <span className="badge badge-primary badge-outline">{tc(`roles.${r.role}`)}</span>
                    <span className="text-base-content/80">
                      {r.unit ? t("unitLine", { grid: r.unit.gridName, building: r.unit.buildingName, unit: r.unit.number }) : (r.organisation ?? r.grid ?? r.community)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {actor.status !== "verified" && summary.claimedUnit && (
            <p className="text-base-content/80">
              {t("claimedUnit")}：{t("unitLine", { grid: summary.claimedUnit.gridName, building: summary.claimedUnit.buildingName, unit: summary.claimedUnit.number })}
            </p>
          )}
        </Card>

        {myTopics && (
          <Card title={t("myTopics")}>
            {myTopics.total > 0 ? (
              <ul className="flex flex-col gap-2">
                {myTopics.rows.slice(0, 5).map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center gap-2">
                    <StateBadge state={r.state} />
                    <Link href={`/topics/${r.id}`} className="link link-hover">
                      {r.title}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-base-content/70">{t("noTopicsYet")}</p>
            )}
            <Link href="/topics/new" className="btn btn-outline self-start">
              {t("proposeTopic")}
            </Link>
          </Card>
        )}
        {summary.grids.length > 0 && (
          <Card title={t("myGrid")}>
            <ul className="flex flex-col gap-2">
              {summary.grids.map((g) => (
                <li key={g.id}>
                  <div className="text-lg font-semibold">{g.name}</div>
                  <div className="text-base-content/70">{g.councilDay ? t("councilDay", { day: g.councilDay }) : t("noCouncilDay")}</div>
                </li>
              ))}
            </ul>
          </Card>
        )}

        {isAdmin && (
          <Card title={t("adminLink")}>
            <p className="text-base-content/70">{t("adminHint")}</p>
            <Link href="/admin" className="btn btn-secondary btn-lg self-start">
              {t("adminLink")}
            </Link>
          </Card>
        )}
      </div>
      <LoopSteps />
    </div>
  );
}
