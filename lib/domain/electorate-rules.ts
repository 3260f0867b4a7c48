/**
 * Who is an owner of what, before the owners are counted (lib/domain/vote-rules' ownersElectorate).
 * Pure: no database, no clock.
 *
 * 法释〔2009〕7号 (建筑物区分所有权司法解释) art. 9: the developer's (建设单位) unsold units and its
 * sold-but-undelivered units count together as ONE owner, voted by the developer's designated
 * representative. Until a unit is delivered its buyer is not yet its owner for the vote: a person
 * registered as owner of a developer-held unit does not vote through it, and must never be merged
 * into the developer's voter (which would hand them the developer's whole area and let them carry
 * a vote). Units of theirs that were delivered still make them an owner of their own.
 */
import type { ElectorateUnit } from "./vote-rules";

/** A unit as registered: its area, whether the developer still holds it, and who is registered as its owner. */
export interface RegisteredUnit {
  unitId: number;
  areaHundredths: number;
  developerHeld: boolean;
  /** Verified people registered as owners of the unit (co-owners when several). */
  registeredOwnerIds: readonly number[];
}

/** A registration that gives no vote: someone registered as owner of a unit the developer still holds. */
export interface SetAsideRegistration {
  unitId: number;
  personId: number;
}

export interface VotingBasis {
  /** The units as ownersElectorate must count them: developer-held units carry no owner but the developer. */
  units: ElectorateUnit[];
  /** Registrations on developer-held units, which give their holder no vote through that unit (sorted by unit, then person). */
  setAside: SetAsideRegistration[];
  /** The developer-held units (sorted): together one owner, keyed "developer" by ownersElectorate. */
  developerUnitIds: number[];
}

/**
 * The owners to count for each unit. A developer-held unit is the developer's alone, whoever is
 * registered on it; every other unit is owned by the people registered on it (none: it still counts,
 * as an owner who cannot vote until registered). Output keeps the input order; owner ids are sorted
 * and deduplicated.
 */
export function votingBasis(units: readonly RegisteredUnit[]): VotingBasis {
  const setAside: SetAsideRegistration[] = [];
  const developerUnitIds: number[] = [];
  const out = units.map((u): ElectorateUnit => {
    const owners = [...new Set(u.registeredOwnerIds)].sort((a, b) => a - b);
    if (u.developerHeld) {
      developerUnitIds.push(u.unitId);
      for (const personId of owners) setAside.push({ unitId: u.unitId, personId });
      return { unitId: u.unitId, areaHundredths: u.areaHundredths, ownerIds: [], developerHeld: true };
    }
    return { unitId: u.unitId, areaHundredths: u.areaHundredths, ownerIds: owners, developerHeld: false };
  });
  setAside.sort((a, b) => a.unitId - b.unitId || a.personId - b.personId);
  developerUnitIds.sort((a, b) => a - b);
  return { units: out, setAside, developerUnitIds };
}
