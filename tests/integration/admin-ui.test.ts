import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { EstateImport } from "@/app/admin/imports/estate/_components/estate-import";
import { CreateGridForm } from "@/app/admin/grids/_components/create-grid-form";
import { CreateBuildingForm } from "@/app/admin/grids/[id]/_components/create-building-form";
import { CreateUnitForm } from "@/app/admin/buildings/[id]/_components/create-unit-form";
import { CreatePersonForm } from "@/app/admin/people/_components/create-person-form";
import { AssignRoleForm } from "@/app/admin/people/[id]/_components/assign-role-form";
import { RevokeRoleButton } from "@/app/admin/people/[id]/_components/revoke-role-button";
import { CreateOrganisationForm, EditOrganisationForm } from "@/app/admin/organisations/_components/organisation-forms";
import { CreateCategoryForm, CreateItemForm, EditItemForm } from "@/app/admin/catalog/_components/catalog-forms";
import { organisationKinds, roleKinds, topicLevels, voteRules } from "@/db/schema";
import type { ScopeOptions } from "@/lib/admin/list-scope-options";
import { locales } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";

const options: ScopeOptions = {
  communityId: 1,
  grids: [{ id: 1, code: "01", name: "第一网格", buildings: [{ id: 1, code: "01", name: "1号楼" }] }],
  organisations: [{ id: 1, kind: "propertyFirm", name: "物业", code: "WY1" }],
};
const item = {
  id: 7,
  name: "楼道堆物",
  description: "",
  defaultLevel: "grid" as const,
  defaultVoteRule: "simpleMajority" as const,
  cosignThreshold: null,
  active: true,
  sortOrder: 1,
};

const forms: [string, ComponentType<never>, object][] = [
  ["CreateGridForm", CreateGridForm as ComponentType<never>, { communityId: 1 }],
  ["CreateBuildingForm", CreateBuildingForm as ComponentType<never>, { gridId: 1 }],
  ["CreateUnitForm", CreateUnitForm as ComponentType<never>, { buildingId: 1 }],
  ["EstateImport", EstateImport as ComponentType<never>, { communityId: 1, maxRows: 100_000 }],
  ["CreatePersonForm", CreatePersonForm as ComponentType<never>, { communityId: 1, roles: roleKinds, options }],
  ["AssignRoleForm", AssignRoleForm as ComponentType<never>, { personId: 1, roles: roleKinds, options }],
  ["RevokeRoleButton", RevokeRoleButton as ComponentType<never>, { roleId: 1, label: "网格长" }],
  ["CreateOrganisationForm", CreateOrganisationForm as ComponentType<never>, { communityId: 1, kinds: organisationKinds }],
  ["EditOrganisationForm", EditOrganisationForm as ComponentType<never>, { organisation: { id: 1, name: "物业", code: "WY1", description: "" } }],
  ["CreateCategoryForm", CreateCategoryForm as ComponentType<never>, { communityId: 1 }],
  ["CreateItemForm", CreateItemForm as ComponentType<never>, { categoryId: 1, levels: topicLevels, voteRules }],
  ["EditItemForm", EditItemForm as ComponentType<never>, { item, levels: topicLevels, voteRules }],
];

describe("admin forms render in every locale with every message present", () => {
  for (const locale of locales) {
    test.each(forms)(`%s (${locale})`, (_name, Form, props) => {
      const missing: string[] = [];
      const html = renderToString(
        createElement(NextIntlClientProvider, {
          locale,
          messages: messages[locale],
          timeZone: "Asia/Shanghai",
          onError: (e) => missing.push(e.message),
          children: createElement(Form, props as never),
        }),
      );
      expect(missing).toEqual([]);
      expect(html).toContain("<");
      // Every form control a label points at exists, and ids are not repeated.
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const [, target] of html.matchAll(/<label[^>]*for="([^"]+)"/g)) expect(ids).toContain(target);
    });
  }
});
