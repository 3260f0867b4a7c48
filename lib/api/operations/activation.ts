import { issueLettersInput } from "@/lib/validation/activation";
import type { Operation } from "../operation";

/** Activation of people imported from a register: the household (and staff) letters. The answer is a PDF, not JSON. */
export const activationOperations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/activation/letters",
    summary:
      "Grid staff (their grid) and community admins: issue activation letters for every household in a building, a grid or (admins) the whole community that has people imported from a register who have not activated, and download them as one A4 PDF (application/pdf), a page per household. With audience \"staff\" (community admins only, whole community): a page per staff member without a unit role (grid chiefs, grid workers, supervisors, property-firm, owners' committee and think-tank members) naming their roles and scopes. Everyone on a letter gets a fresh one-time code; their earlier unused codes stop working. Errors answer JSON like every route",
    tags: ["activation"],
    auth: true,
    body: issueLettersInput,
  },
];
