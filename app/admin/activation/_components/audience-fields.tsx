import { Field } from "@/app/_components/form";

/** A scope the codes can be issued for (a building, a grid, the community, staff); disabled when it has no one to reach. */
export type AudienceOption = { value: string; label: string; disabled: boolean };

/**
 * Who gets activation codes and how long the codes last: the same two fields in the letters form
 * and the text-message form, on one page (hence the id prefix). The first scope with anyone in it
 * is chosen at first.
 */
export function AudienceFields({
  idPrefix,
  options,
  defaultDays,
  maxDays,
  daysError,
  words,
  onScopeChange,
}: {
  idPrefix: string;
  options: AudienceOption[];
  defaultDays: number;
  maxDays: number;
  daysError?: string;
  words: { scope: string; days: string; daysHint: string };
  onScopeChange?: (scope: string) => void;
}) {
  const scopeId = `${idPrefix}-scope`;
  const daysId = `${idPrefix}-days`;
  return (
    <>
      <Field label={words.scope} name={scopeId}>
        <select id={scopeId} name="scope" defaultValue={firstOpenScope(options)} onChange={(e) => onScopeChange?.(e.target.value)} className="select select-lg w-full">
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={words.days} name={daysId} error={daysError} hint={words.daysHint}>
        <input
          id={daysId}
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={maxDays}
          defaultValue={defaultDays}
          className="input input-lg w-full sm:w-40"
          aria-invalid={!!daysError}
          aria-describedby={daysError ? `${daysId}-error` : undefined}
        />
      </Field>
    </>
  );
}

/** The scope chosen at first: the first one with anyone in it. */
export const firstOpenScope = (options: AudienceOption[]) => options.find((o) => !o.disabled)?.value ?? "";
