import { useTranslations } from "next-intl";

/**
 * Two selects and a button that open the comparison page: a plain GET form, so it works before
 * any script has loaded.
 */
export function ComparePicker({
  topicId,
  planId,
  revisions,
  from,
  to,
}: {
  topicId: number;
  planId: number;
  revisions: { number: number; label: string }[];
  from: number;
  to: number;
}) {
  const t = useTranslations("plans.compare");
  return (
    <form method="get" action={`/topics/${topicId}/plans/${planId}/compare`} className="flex flex-wrap items-end gap-3" aria-label={t("pickerLabel")}>
      <div className="flex flex-col gap-1">
        <label htmlFor={`compare-from-${planId}`} className="text-sm font-medium">
          {t("from")}
        </label>
        <select id={`compare-from-${planId}`} name="from" defaultValue={String(from)} className="select select-md">
          {revisions.map((r) => (
            <option key={r.number} value={r.number}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`compare-to-${planId}`} className="text-sm font-medium">
          {t("to")}
        </label>
        <select id={`compare-to-${planId}`} name="to" defaultValue={String(to)} className="select select-md">
          {revisions.map((r) => (
            <option key={r.number} value={r.number}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-outline btn-md">
        {t("submit")}
      </button>
    </form>
  );
}
