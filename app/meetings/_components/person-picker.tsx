"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

export type PickedPerson = { personId: number; name: string; displayNumber: string; roles: string[] };

/**
 * Search verified people of the community (staff only, through /api/v1/meetings/people) and pick
 * some. The picked ids are submitted as repeated hidden `name` fields.
 */
export function PersonPicker({ communityId, name, label, initial = [] }: { communityId: number; name: string; label: string; initial?: PickedPerson[] }) {
  const t = useTranslations("meetings");
  const tc = useTranslations("common");
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<PickedPerson[] | null>(null);
  const [picked, setPicked] = useState<PickedPerson[]>(initial);
  const [failed, setFailed] = useState(false);
  const seq = useRef(0);
  const inputId = `${name}-search`;

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/v1/meetings/people?communityId=${communityId}&q=${encodeURIComponent(query)}`);
        if (mine !== seq.current) return;
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { people: PickedPerson[] };
        setFailed(false);
        setHits(body.people);
      } catch {
        if (mine === seq.current) setFailed(true);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [q, communityId]);

  const roleLabel = (p: PickedPerson) => p.roles.map((r) => tc(`roles.${r}` as never)).join("、");
  const isPicked = (id: number) => picked.some((p) => p.personId === id);

  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={inputId} className="font-medium">
        {label}
      </label>
      {picked.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label={t("form.pickedPeople")}>
          {picked.map((p) => (
            <li key={p.personId} className="badge badge-lg badge-outline gap-2 py-4">
              <input type="hidden" name={name} value={p.personId} />
              <span>{p.name}</span>
              <button type="button" className="btn btn-ghost btn-xs" aria-label={t("form.removePerson", { name: p.name })} onClick={() => setPicked(picked.filter((x) => x.personId !== p.personId))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={inputId}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t("form.searchPeoplePlaceholder")}
        className="input input-md w-full"
        autoComplete="off"
      />
      {failed && <p className="text-error text-sm">{t("form.searchFailed")}</p>}
      {hits && (
        <ul className="flex flex-col divide-y divide-base-300 border border-base-300 rounded-box" aria-live="polite">
          {hits.length === 0 && <li className="p-2 text-base-content/60">{t("form.noPeopleFound")}</li>}
          {hits.map((p) => (
            <li key={p.personId} className="p-2 flex items-center gap-2">
              <span className="flex-1 min-w-0">
                <span className="font-medium">{p.name}</span> <span className="text-sm text-base-content/60">{roleLabel(p)} · {p.displayNumber}</span>
              </span>
              <button type="button" className="btn btn-sm btn-outline" disabled={isPicked(p.personId)} onClick={() => setPicked([...picked, p])}>
                {isPicked(p.personId) ? t("form.added") : t("form.add")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
