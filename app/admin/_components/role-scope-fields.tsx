"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Field } from "@/app/_components/form";
import type { OrganisationKind, RoleKind } from "@/db/schema";
import type { ScopeOptions } from "@/lib/admin/list-scope-options";
import { organisationKindOfRole, roleMayHaveGrid, scopeNeeds } from "@/lib/admin/role-needs";

type FieldProps = (name: string) => { name: string; error?: string };
type ControlProps = (name: string) => { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string };

/**
 * The role picker and the scope pickers that role needs: a unit (grid → building → unit) for
 * residents and owners, a grid for grid staff, an organisation of the right kind for its members.
 * Units are loaded per building from the public places API. The server checks it all again.
 */
export function RoleScopeFields({
  roles,
  options,
  field,
  control,
}: {
  roles: readonly RoleKind[];
  options: ScopeOptions;
  field: FieldProps;
  control: ControlProps;
}) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const [role, setRole] = useState<RoleKind | "">("");
  const [gridId, setGridId] = useState("");
  const [buildingId, setBuildingId] = useState("");
  const [units, setUnits] = useState<{ id: number; number: string }[] | null>(null);

  useEffect(() => {
    setUnits(null);
    if (!buildingId) return;
    let live = true;
    fetch(`/api/v1/places/buildings/${buildingId}/units`)
      .then((r) => (r.ok ? r.json() : { units: [] }))
      .then((body: { units?: { id: number; number: string }[] }) => live && setUnits(body.units ?? []))
      .catch(() => live && setUnits([]));
    return () => {
      live = false;
    };
  }, [buildingId]);

  const needs = role ? scopeNeeds(role) : null;
  const orgKind: OrganisationKind | undefined = role ? organisationKindOfRole[role] : undefined;
  const grid = options.grids.find((g) => String(g.id) === gridId);
  const buildingFieldId = control("buildingId").id;
  const showGrid = needs === "unit" || needs === "grid" || (role !== "" && roleMayHaveGrid(role));

  return (
    <>
      <Field label={t("roleForm.role")} {...field("role")}>
        <select
          {...control("role")}
          value={role}
          onChange={(e) => setRole(e.target.value as RoleKind | "")}
          className="select select-lg w-full"
        >
          <option value="">{t("choose")}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {tc(`roles.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      {role && <p className="text-sm text-base-content/70 -mt-1">{t(`roleForm.needs.${needs}`)}</p>}
      {showGrid && (
        <Field label={t("roleForm.grid")} {...field("gridId")} hint={roleMayHaveGrid(role as RoleKind) ? t("roleForm.gridOptional") : undefined}>
          <select
            {...control("gridId")}
            value={gridId}
            onChange={(e) => {
              setGridId(e.target.value);
              setBuildingId("");
            }}
            className="select select-lg w-full"
          >
            <option value="">{roleMayHaveGrid(role as RoleKind) ? t("roleForm.wholeCommunity") : t("choose")}</option>
            {options.grids.map((g) => (
              <option key={g.id} value={g.id}>
                {g.code} {g.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {needs === "unit" && (
        <div className="grid grid-cols-1 sm:grid-cols-2 gap-x-3">
          <Field label={t("roleForm.building")} name={buildingFieldId}>
            {/* No name: the unit fixes the building; this picker only narrows the unit list. */}
            <select
              id={buildingFieldId}
              value={buildingId}
              onChange={(e) => setBuildingId(e.target.value)}
              disabled={!grid}
              className="select select-lg w-full"
            >
              <option value="">{grid ? t("choose") : t("roleForm.chooseGridFirst")}</option>
              {grid?.buildings.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("roleForm.unit")} {...field("unitId")}>
            <select {...control("unitId")} disabled={!buildingId} className="select select-lg w-full" defaultValue="">
              <option value="">{!buildingId ? t("roleForm.chooseBuildingFirst") : units ? t("choose") : t("loading")}</option>
              {units?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.number}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      {orgKind && (
        <Field label={tc(`orgKinds.${orgKind}`)} {...field("organisationId")}>
          <select {...control("organisationId")} className="select select-lg w-full" defaultValue="">
            <option value="">{t("choose")}</option>
            {options.organisations
              .filter((o) => o.kind === orgKind)
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}（{o.code}）
                </option>
              ))}
          </select>
        </Field>
      )}
    </>
  );
}
