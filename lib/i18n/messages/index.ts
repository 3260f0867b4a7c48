import type { Locale } from "../config";
import zhCommon from "./zh-CN/common.json";
import zhErrors from "./zh-CN/errors.json";
import zhAuth from "./zh-CN/auth.json";
import zhHome from "./zh-CN/home.json";
import zhAdmin from "./zh-CN/admin.json";
import zhStaff from "./zh-CN/staff.json";
import enCommon from "./en/common.json";
import enErrors from "./en/errors.json";
import enAuth from "./en/auth.json";
import enHome from "./en/home.json";
import enAdmin from "./en/admin.json";
import enStaff from "./en/staff.json";

/** One JSON file per namespace and locale; each feature area owns its own files. */
export const messages = {
  "zh-CN": { common: zhCommon, errors: zhErrors, auth: zhAuth, home: zhHome, admin: zhAdmin, staff: zhStaff },
  en: { common: enCommon, errors: enErrors, auth: enAuth, home: enHome, admin: enAdmin, staff: enStaff },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof messages)["zh-CN"];
