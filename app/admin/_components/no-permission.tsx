import { useTranslations } from "next-intl";
import { Forbidden } from "@/app/_components/forbidden";

/** Community administration is for community admins: the shared forbidden view in the admin's words. */
export function NoPermission() {
  const t = useTranslations("admin");
  return (
    <Forbidden title={t("noPermission.title")} back={{ href: "/", label: t("noPermission.home") }}>
      {t("noPermission.body")}
    </Forbidden>
  );
}
