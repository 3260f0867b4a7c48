import { getTranslations } from "next-intl/server";
import type { AdminCommunity } from "@/lib/admin/list-admin-communities";
import { chooseCommunity } from "../actions";

/** Shown only to admins of more than one community; works without JavaScript. */
export async function CommunitySwitch({ communities, current }: { communities: AdminCommunity[]; current: number }) {
  if (communities.length < 2) return null;
  const t = await getTranslations("admin");
  return (
    <form action={chooseCommunity} className="no-print flex flex-wrap items-end gap-2 mb-4">
      <label className="flex flex-col gap-1">
        <span className="text-sm text-base-content/70">{t("community.current")}</span>
        <select name="communityId" defaultValue={current} className="select select-md">
          {communities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}（{c.code}）
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-outline btn-md">
        {t("community.switch")}
      </button>
    </form>
  );
}
