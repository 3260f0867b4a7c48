import { getTranslations } from "next-intl/server";
import { parseDisplayNumber } from "@/lib/people/display-number";

/**
 * A display number with its meaning spelled out (见号知身份、见号知单位、见号知网格). Unlabelled
 * where the page already labels it.
 */
export async function DisplayNumber({ value, labelled = true }: { value: string; labelled?: boolean }) {
  const t = await getTranslations("common");
  const p = parseDisplayNumber(value);
  let explain: string | null = null;
  if (p) {
    const [building, room] = p.unitPart.includes("#") ? p.unitPart.split("#") : [null, null];
    explain = t("displayNumber.explain", {
      community: p.communityCode,
      grid: p.gridCode === "00" ? t("displayNumber.gridNone") : t("displayNumber.gridN", { code: p.gridCode }),
      role: t(`roles.${p.role}`),
      unit: building ? t("displayNumber.unitBuilding", { building: String(Number(building)), room: room ?? "" }) : p.unitPart === "SQ" ? t("displayNumber.unitCommunity") : p.unitPart,
      seq: p.sequence,
    });
  }
  return (
    <div>
      {labelled && <div className="text-sm text-base-content/70">{t("displayNumber.label")}</div>}
      {/* One code, never broken across lines: on a narrow screen it scrolls instead. */}
      <div className="font-mono text-lg sm:text-xl font-semibold tracking-wide whitespace-nowrap overflow-x-auto">{value}</div>
      {explain && <div className="text-sm text-base-content/70">{explain}</div>}
    </div>
  );
}
