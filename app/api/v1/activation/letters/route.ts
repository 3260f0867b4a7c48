import { getDb } from "@/db/client";
import { issueActivationLettersPdf } from "@/lib/activation/letters-pdf";
import { fileResponse, fileRoute } from "@/lib/api/file-route";
import { readJson, signedInActorFor } from "@/lib/api/handler";
import { publicOrigin } from "@/lib/security/public-origin";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/activation/letters — issues the activation letters of a scope and answers with them
 * as a PDF download. A POST, never a GET: issuing replaces the households' earlier codes. The PDF
 * holds live codes: never cached, saved as a file rather than left open in a tab.
 */
export const POST = fileRoute(async ({ req }) => {
  const ctx = { db: getDb(), actor: await signedInActorFor(req) };
  const file = await issueActivationLettersPdf(ctx, await readJson(req), publicOrigin());
  const res = fileResponse(file, "attachment");
  // For the page that asked: how many households and people the letters are for.
  res.headers.set("x-activation-households", String(file.households));
  res.headers.set("x-activation-people", String(file.people));
  return res;
});
