import { z } from "zod";
import { personStatuses, roleKinds } from "@/db/schema";
import { changePasswordInput, registerInput, reviewRegistrationInput, signInInput } from "@/lib/validation/people";
import { todoKinds } from "@/lib/domain/todo";
import type { Operation } from "../operation";

const tokenResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  person: z.object({ id: z.number(), name: z.string(), displayNumber: z.string(), status: z.enum(["pending", "verified", "rejected"]) }),
});

/** What GET /api/v1/me answers: the caller as the server knows them, roles with their scope. */
export const meResponse = z.object({
  id: z.number(),
  name: z.string(),
  phone: z.string(),
  displayNumber: z.string(),
  status: z.enum(personStatuses),
  roles: z.array(
    z.object({
      id: z.number(),
      role: z.enum(roleKinds),
      communityId: z.number(),
      gridId: z.number().nullable().meta({ description: "The grid the role is limited to, if any" }),
      unitId: z.number().nullable().meta({ description: "Residents and owners: their unit" }),
      organisationId: z.number().nullable().meta({ description: "Members of an organisation (property firm, owners' committee, think tank)" }),
    }),
  ),
});

/** What GET /api/v1/me/todos answers (lib/domain/todo TodoItem, dates as ISO 8601). */
const todosResponse = z.object({
  count: z.number(),
  items: z.array(
    z.object({
      kind: z.enum(todoKinds),
      key: z.string(),
      title: z.string(),
      topicTitle: z.string().nullable(),
      due: z
        .union([z.object({ at: z.string().meta({ description: "An instant, e.g. a ballot's closing time" }) }), z.object({ on: z.string().meta({ description: "A due day YYYY-MM-DD (Beijing time)" }) })])
        .nullable(),
      since: z.string().nullable(),
      href: z.string().meta({ description: "The page where the action is done" }),
      count: z.number(),
      urgency: z.enum(["overdue", "soon", "normal"]),
    }),
  ),
});

export const accountOperations: Operation[] = [
  { method: "get", path: "/api/v1/health", summary: "Liveness: the server answers (no database access)", tags: ["accounts"], auth: false, response: z.object({ status: z.literal("ok") }) },
  { method: "post", path: "/api/v1/auth/token", summary: "Sign in with mobile number and password; returns a bearer token", tags: ["accounts"], auth: false, body: signInInput, response: tokenResponse, status: 201 },
  { method: "delete", path: "/api/v1/auth/token", summary: "Revoke the bearer token used for this call", tags: ["accounts"], auth: true },
  { method: "get", path: "/api/v1/me", summary: "The caller, with their roles and scopes", tags: ["accounts"], auth: true, response: meResponse },
  {
    method: "get",
    path: "/api/v1/me/todos",
    summary: "The caller's to-do list (待我处理): every action waiting on them in every role, most urgent first, each with its deadline and the page where it is done",
    tags: ["accounts"],
    auth: true,
    response: todosResponse,
  },
  {
    method: "post",
    path: "/api/v1/me/password",
    summary:
      "Change the caller's own password (current password required, checked under the sign-in throttle). Every other web session and API token of the caller ends; the session or token making the call stays valid",
    tags: ["accounts"],
    auth: true,
    body: changePasswordInput,
    response: z.object({ endedSessions: z.number(), revokedTokens: z.number() }),
  },
  {
    method: "post",
    path: "/api/v1/registrations",
    summary: "Register as a resident or owner of a unit; the account is pending until the grid's staff verify it",
    tags: ["accounts"],
    auth: false,
    body: registerInput,
    response: z.object({ personId: z.number(), displayNumber: z.string(), status: z.literal("pending") }),
    status: 201,
  },
  { method: "get", path: "/api/v1/registrations", summary: "Pending registrations in the grids the caller may review", tags: ["accounts"], auth: true },
  {
    method: "post",
    path: "/api/v1/registrations/{id}/review",
    summary: "Verify a pending registration, or reject it with a reason",
    tags: ["accounts"],
    auth: true,
    body: reviewRegistrationInput,
    response: z.object({ personId: z.number(), status: z.enum(["verified", "rejected"]) }),
  },
  { method: "get", path: "/api/v1/places/grids", summary: "Grids of the community (public)", tags: ["places"], auth: false },
  { method: "get", path: "/api/v1/places/grids/{id}/buildings", summary: "Buildings of a grid (public)", tags: ["places"], auth: false },
  { method: "get", path: "/api/v1/places/buildings/{id}/units", summary: "Unit numbers of a building (public)", tags: ["places"], auth: false },
  { method: "get", path: "/api/v1/places/catalog", summary: "The agenda catalog 网格议事清单: categories and items with default level and vote rule (public)", tags: ["places"], auth: false },
];

