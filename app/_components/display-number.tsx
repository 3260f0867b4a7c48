import { getTranslations } from "next-intl/server";
import { parseDisplayNumber } from "@/lib/people/display-number";

/** A display number with its meaning spelled out (见号知身份、见号知单位、见号知网格). */
export async function DisplayNumber({ value }: { value: string }) {
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
      <div className="text-sm text-base-content/70">{t("displayNumber.label")}</div>
      <div className="font-mono text-xl font-semibold tracking-wide">{value}</div>
      {explain && <div className="text-sm text-base-content/70">{explain}</div>}
    </div>
  );
}
