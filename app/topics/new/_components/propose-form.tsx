"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import { RichTextEditor } from "@/app/_components/rich-text-editor";
import { proposeAction } from "../actions";

type Grid = { id: number; name: string; communityId: number; buildings: { id: number; name: string }[] };
type Category = { id: number; name: string; communityId: number; items: { id: number; name: string; description: string }[] };
type Similar = { id: number; title: string; cosignCount: number; cosignThreshold: number };

export function ProposeForm({ grids, categories }: { grids: Grid[]; categories: Category[] }) {
  const t = useTranslations("topics");
  const ts = useTranslations("topics.states");
  const [state, action, pending] = useActionState(proposeAction, null);
  const [, startTransition] = useTransition();
  const [gridId, setGridId] = useState(String(grids[0]?.id ?? ""));
  const [title, setTitle] = useState("");
  const [similar, setSimilar] = useState<(Similar & { state: string })[]>([]);
  const grid = grids.find((g) => String(g.id) === gridId);
  const err = (n: string) => fieldError(state, n);

  // Similar open topics while the title is typed, so a neighbour co-signs instead of duplicating.
  useEffect(() => {
    if (!gridId || title.trim().length < 2) {
      setSimilar([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/v1/topics/similar?gridId=${gridId}&q=${encodeURIComponent(title)}`, { signal: ctrl.signal })
        .then((r) => (r.ok ? r.json() : { topics: [] }))
        .then((b: { topics: (Similar & { state: string })[] }) => setSimilar(b.topics))
        .catch(() => undefined);
    }, 300);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [gridId, title]);

  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-1" noValidate encType="multipart/form-data">
      <FormAlert state={state} />
      <Field label={t("grid")} name="gridId" error={err("gridId")}>
        <select id="gridId" name="gridId" value={gridId} onChange={(e) => setGridId(e.target.value)} className="select select-lg w-full">
          {grids.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("item")} name="agendaItemId" error={err("agendaItemId")} hint={t("itemHint")}>
        <select id="agendaItemId" name="agendaItemId" defaultValue="" className="select select-lg w-full" aria-invalid={!!err("agendaItemId")}>
          <option value="">{t("chooseItem")}</option>
          {categories
            .filter((c) => !grid || c.communityId === grid.communityId)
            .map((c) => (
              <optgroup key={c.id} label={c.name}>
                {c.items.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      </Field>
      <Field label={t("topicTitle")} name="title" error={err("title")}>
        <input id="title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={60} placeholder={t("titlePlaceholder")} className="input input-lg w-full" aria-invalid={!!err("title")} autoComplete="off" />
      </Field>
      {similar.length > 0 && (
        // Not daisyUI's .alert: it lays its children out as grid columns, which squeezed this list
        // into a 40 px column on a phone.
        <div className="rounded-box border border-info/40 bg-info/10 p-4 flex flex-col items-stretch gap-2 text-base w-full" role="status" data-testid="similar-topics">
          <span className="font-medium">{t("similarTitle")}</span>
          <ul className="list-disc pl-5">
            {similar.map((s) => (
              <li key={s.id}>
                <Link href={`/topics/${s.id}`} className="link">
                  {s.title}
                </Link>{" "}
                <span className="text-sm">({ts(s.state as never)})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Field label={t("description")} name="description" error={err("description")}>
        <RichTextEditor name="description" id="description" placeholder={t("descriptionPlaceholder")} invalid={!!err("description")} />
      </Field>
      <Field label={t("building")} name="buildingId" error={err("buildingId")}>
        <select id="buildingId" name="buildingId" defaultValue="" className="select select-lg w-full">
          <option value="">{t("noBuilding")}</option>
          {grid?.buildings.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("location")} name="location" error={err("location")}>
        <input id="location" name="location" maxLength={100} placeholder={t("locationPlaceholder")} className="input input-lg w-full" />
      </Field>
      <Field label={t("photos")} name="photos" error={err("photos")}>
        <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/gif,image/webp" multiple className="file-input file-input-lg w-full" />
      </Field>
      <div className="mt-3">
        <SubmitButton pending={pending} pendingLabel={t("submitting")}>
          {t("submit")}
        </SubmitButton>
      </div>
    </form>
  );
}
