import { eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { buildings, communities, grids, organisations, units, type OrganisationKind } from "@/db/schema";
import { readBuildingName, readGridName, type PlaceName } from "@/lib/imports/estate/names";
import { cleanText, readRoomAddress, type RoomAddress } from "@/lib/imports/sheet/cells";
import { first } from "@/db/query";

export type UnitInfo = { id: number; gridId: number; gridCode: string; buildingCode: string; number: string; developerHeld: boolean; label: string };

/**
 * A grid or building cell reduced to what names it, read as the estate import reads it
 * (lib/imports/estate/names.ts): "3", "03", "3栋", "3号楼", "第三网格" name code 03; a cell without
 * a number ("幸福里", "A座") names the place by name.
 */
const gridKey = (cell: string) => placeKey(readGridName(cell));
const buildingKey = (cell: string) => placeKey(readBuildingName(cell));
const placeKey = (p: PlaceName | null) => (p == null ? "" : p.code != null ? `code:${p.code}` : `name:${p.name.replace(/ /g, "")}`);
const nameKey = (name: string) => `name:${cleanText(name).replace(/ /g, "")}`;
const roomToken = (s: string) => cleanText(s).replace(/ /g, "").toUpperCase();

/**
 * The places of one community, read once per import and looked up per row: the grids, buildings,
 * units (100,000 of them fit in memory easily) and organisations. A row names a unit the way people
 * write it, whole ("3-2-1502", "3栋2单元1502") or in columns (网格, 楼栋, 房号).
 */
export class CommunityPlaces {
  communityCode!: string;
  private gridByToken = new Map<string, number[]>();
  private gridCode = new Map<number, string>();
  private buildingsByToken = new Map<string, { id: number; gridId: number }[]>();
  private unitByBuildingRoom = new Map<string, number>();
  private unitsByRoom = new Map<string, number[]>();
  readonly unit = new Map<number, UnitInfo>();
  private orgs: { id: number; kind: OrganisationKind; name: string; code: string }[] = [];

  private constructor(readonly communityId: number) {}

  /** The community's places, read once (an import looks each row up in memory). */
  static async load(db: DB | Tx, communityId: number): Promise<CommunityPlaces> {
    const places = new CommunityPlaces(communityId);
    await places.read(db);
    return places;
  }

  private async read(db: DB | Tx): Promise<void> {
    const communityId = this.communityId;
    this.communityCode = (await first(db.select({ code: communities.code }).from(communities).where(eq(communities.id, communityId))))!.code;
    const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
      const list = m.get(k);
      if (list) {
        if (!list.includes(v)) list.push(v);
      } else m.set(k, [v]);
    };
    for (const g of await db.select({ id: grids.id, code: grids.code, name: grids.name }).from(grids).where(eq(grids.communityId, communityId))) {
      this.gridCode.set(g.id, g.code);
      add(this.gridByToken, `code:${g.code}`, g.id);
      add(this.gridByToken, nameKey(g.name), g.id);
    }
    const bRows = await db
      .select({ id: buildings.id, code: buildings.code, name: buildings.name, gridId: buildings.gridId })
      .from(buildings)
      .innerJoin(grids, eq(buildings.gridId, grids.id))
      .where(eq(grids.communityId, communityId));
    const bInfo = new Map(bRows.map((b) => [b.id, b]));
    for (const b of bRows) {
      const entry = { id: b.id, gridId: b.gridId };
      for (const k of [`code:${b.code}`, nameKey(b.name)]) {
        const list = this.buildingsByToken.get(k) ?? [];
        if (!list.some((x) => x.id === b.id)) list.push(entry);
        this.buildingsByToken.set(k, list);
      }
    }
    const uRows = await db
      .select({ id: units.id, number: units.number, buildingId: units.buildingId, developerHeld: units.developerHeld })
      .from(units)
      .innerJoin(buildings, eq(units.buildingId, buildings.id))
      .innerJoin(grids, eq(buildings.gridId, grids.id))
      .where(eq(grids.communityId, communityId));
    for (const u of uRows) {
      const b = bInfo.get(u.buildingId)!;
      const room = roomToken(u.number);
      this.unitByBuildingRoom.set(`${u.buildingId}|${room}`, u.id);
      add(this.unitsByRoom, room, u.id);
      this.unit.set(u.id, { id: u.id, gridId: b.gridId, gridCode: this.gridCode.get(b.gridId)!, buildingCode: b.code, number: u.number, developerHeld: u.developerHeld, label: `${b.name} ${u.number}` });
    }
    this.orgs = await db
      .select({ id: organisations.id, kind: organisations.kind, name: organisations.name, code: organisations.code })
      .from(organisations)
      .where(eq(organisations.communityId, communityId));
  }

  /** The grid a cell names (code or name), or a message key. */
  grid(cell: string): number | string {
    const ids = this.gridByToken.get(gridKey(cell)) ?? this.gridByToken.get(nameKey(cell)) ?? [];
    if (ids.length === 1) return ids[0]!;
    return ids.length === 0 ? "gridNotFound" : "importGridAmbiguous";
  }

  gridCodeOf(gridId: number): string {
    return this.gridCode.get(gridId)!;
  }

  /** The organisation of this kind a cell names (by name or code), or a message key. */
  organisation(cell: string, kind: OrganisationKind): number | string {
    const t = cleanText(cell).replace(/ /g, "");
    if (!t) return "importOrganisationMissing";
    const hit = this.orgs.filter((o) => o.kind === kind && (cleanText(o.name).replace(/ /g, "") === t || o.code === t.toUpperCase()));
    return hit.length === 1 ? hit[0]!.id : "organisationNotFound";
  }

  /**
   * The unit of one address, or a message key saying why not. `gridCell`/`buildingCell` are the
   * separate columns (empty when the file has none); `roomCell` one room, whole or in part.
   */
  resolve(gridCell: string, buildingCell: string, roomCell: string): number | string {
    let addr: RoomAddress | null = readRoomAddress(roomCell);
    if (!addr) return "importUnitUnreadable";
    if (cleanText(buildingCell)) {
      // With a 楼栋 column the room cell is the room in that building ("1502", "2-1502").
      addr = { building: buildingCell, unit: addr.building ? `${addr.building}-${addr.unit}` : addr.unit, ...(addr.grid ? { grid: addr.grid } : {}) };
    }
    const gridText = cleanText(gridCell) || addr.grid || "";
    let gridId: number | null = null;
    if (gridText) {
      const g = this.grid(gridText);
      if (typeof g === "string") return g;
      gridId = g;
    }
    const room = roomToken(addr.unit);
    // The room as on the door; "3-2-1502" where the door says "1502" (one 单元) is read as 1502.
    const rooms = room.includes("-") ? [room, room.slice(room.lastIndexOf("-") + 1)] : [room];
    if (addr.building) {
      const candidates = (this.buildingsByToken.get(buildingKey(addr.building)) ?? this.buildingsByToken.get(nameKey(addr.building)) ?? []).filter((b) => gridId == null || b.gridId === gridId);
      if (candidates.length === 0) return "buildingNotFound";
      for (const r of rooms) {
        const hits = candidates.map((b) => this.unitByBuildingRoom.get(`${b.id}|${r}`)).filter((id): id is number => id != null);
        if (hits.length === 1) return hits[0]!;
        if (hits.length > 1) return "importUnitAmbiguous";
      }
      return "unitNotFound";
    }
    const hits = (this.unitsByRoom.get(room) ?? []).filter((id) => gridId == null || this.unit.get(id)!.gridId === gridId);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) return "importUnitAmbiguous";
    // "7-1502" where no door says "7-1502": building 7, room 1502.
    const dash = room.indexOf("-");
    if (dash > 0) return this.resolve(gridText, room.slice(0, dash), room.slice(dash + 1));
    return "unitNotFound";
  }
}
