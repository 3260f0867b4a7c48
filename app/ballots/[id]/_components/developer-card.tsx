import { useTranslations } from "next-intl";
import type { DeveloperView } from "@/lib/ballots/get-ballot";
import { Card } from "../../../_components/ui";
import { squareMetres } from "../../_components/ballot-bits";

/** How many unit labels are listed before the rest fold away. */
const SHOWN = 12;

/**
 * For staff: the developer-held units of an owners' ballot, counted as the developer's one vote,
 * who represents the developer, and who is registered on those units without a vote through them.
 */
export function DeveloperCard({ developer }: { developer: DeveloperView }) {
  const t = useTranslations("ballots.developer");
  const units = developer.units.map((u) => u.label);
  return (
    <Card title={t("title")} className="border-primary/40">
      <p className="text-sm text-base-content/70">{t("lead")}</p>
      <p className="text-base font-medium" data-testid="developer-units">
        {t("units", { count: units.length, area: squareMetres(developer.areaHundredths) })}
      </p>
      <div className="text-base break-words">
        {units.slice(0, SHOWN).join("、")}
        {units.length > SHOWN && (
          <details className="inline">
            <summary className="cursor-pointer text-primary inline"> +{units.length - SHOWN}</summary>
            {units.slice(SHOWN).join("、")}
          </details>
        )}
      </div>
      <p className={`text-base ${developer.representative ? "" : "text-warning"}`} data-testid="developer-representative">
        {developer.representative
          ? t("representative", { name: `${developer.representative.name} ${developer.representative.displayNumber}` })
          : t("noRepresentative")}
      </p>
      {developer.registered && (
        <p className="text-base" data-testid="developer-registered">
          {t("registered", { name: `${developer.registered.name} ${developer.registered.displayNumber}`, source: developer.registered.source })}
        </p>
      )}
      <div>
        <h3 className="font-semibold">{t("setAsideTitle")}</h3>
        {developer.setAside.length === 0 ? (
          <p className="text-sm text-base-content/60">{t("setAsideNone")}</p>
        ) : (
          <ul className="list-disc ml-6 text-base" data-testid="developer-set-aside">
            {developer.setAside.map((r) => (
              <li key={`${r.unit}-${r.displayNumber}`}>
                {r.unit} · {r.name} <span className="text-sm text-base-content/60">{r.displayNumber}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
