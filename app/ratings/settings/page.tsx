import { getTranslations } from "next-intl/server";
import { signedInPage } from "@/app/_lib/page";
import { listCloseRules } from "@/lib/ratings/set-close-rule";
import { Badge, Card, EmptyState, PageTitle } from "../../_components/ui";
import { CloseRuleForm } from "./close-rule-form";

export async function generateMetadata() {
  const t = await getTranslations("ratings.settings");
  return { title: t("title") };
}

/** 办结条件: each community's close rule, for its admins. */
export default async function CloseRuleSettingsPage() {
  const page = await signedInPage("/ratings/settings");
  const t = await getTranslations("ratings.settings");
  const rules = await page.read((ctx) => listCloseRules(ctx));
  return (
    <div className="max-w-2xl flex flex-col gap-4">
      <PageTitle title={t("title")} subtitle={t("intro")} back={{ href: "/ratings", label: (await getTranslations("ratings"))("list.title") }} />
      {rules.length === 0 ? (
        <Card>
          <EmptyState>{t("none")}</EmptyState>
        </Card>
      ) : (
        rules.map((c) => (
          <Card key={c.communityId} title={<span className="flex items-center gap-2">{c.name}{c.isDefault && <Badge tone="neutral">{t("isDefault")}</Badge>}</span>}>
            <CloseRuleForm communityId={c.communityId} rule={c.rule} isDefault={c.isDefault} />
          </Card>
        ))
      )}
    </div>
  );
}
