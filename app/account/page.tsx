import { getTranslations } from "next-intl/server";
import { Card, PageTitle } from "@/app/_components/ui";
import { DisplayNumber } from "@/app/_components/display-number";
import { signedInPage } from "@/app/_lib/page";
import { hasLiveApiToken } from "@/lib/auth/tokens";
import { ChangePasswordForm } from "./_components/change-password-form";
import { ReminderSettingsForm } from "./_components/reminder-settings-form";
import { getReminderSettings } from "@/lib/notify/reminder-settings";

export async function generateMetadata() {
  const t = await getTranslations("auth.account");
  return { title: t("title") };
}

/** The signed-in person's own account: who they are, and changing the password. */
export default async function AccountPage() {
  const page = await signedInPage("/account");
  const { actor } = page.ctx;
  const t = await getTranslations("auth.account");
  const tr = await getTranslations("reminders.settings");
  return (
    <div className="max-w-xl mx-auto flex flex-col gap-4">
      <PageTitle title={t("title")} />
      <Card title={t("identity")}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-lg">
          <dt className="text-base-content/70">{t("name")}</dt>
          <dd className="font-medium">{actor.name}</dd>
          <dt className="text-base-content/70">{t("phone")}</dt>
          <dd className="font-mono">{actor.phone}</dd>
          {/* On a phone the number takes the card's whole width below its label: beside it, a
              resident's number (HX01-YZ-01#1-101-1) was cut off at 390 px. */}
          <dt className="col-span-2 sm:col-span-1 text-base-content/70">{t("displayNumber")}</dt>
          <dd className="col-span-2 sm:col-span-1 min-w-0">
            <DisplayNumber value={actor.displayNumber} labelled={false} />
          </dd>
        </dl>
      </Card>
      <Card title={t("changePassword")}>
        <p className="text-base-content/70">
          {t("changePasswordHint")}
          {await page.read(({ db }) => hasLiveApiToken(db, actor.personId)) && <> {t("changePasswordHintTokens")}</>}
        </p>
        <ChangePasswordForm />
      </Card>
      <Card title={tr("title")}>
        <p className="text-base-content/70">{tr("intro")}</p>
        <ReminderSettingsForm settings={await page.read((ctx) => getReminderSettings(ctx))} />
      </Card>
      <p className="text-base-content/70">{t("signOutHint")}</p>
    </div>
  );
}
