import type { NextRequest } from "next/server";
import { apiRoute, readForm, readJson } from "@/lib/api/handler";
import { reportProgress } from "@/lib/tasks/report-progress";
import { realFiles } from "@/lib/uploads/photos";

/** Report progress or completion: JSON, or multipart/form-data when photos come along (field "photos", repeated). */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const { fields, photos } = await readBody(req);
    return reportProgress(ctx, { ...fields, taskId: params.id }, photos);
  },
  { status: 201 },
);

async function readBody(req: NextRequest): Promise<{ fields: Record<string, unknown>; photos: File[] }> {
  if (req.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const form = await readForm(req);
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string") fields[k] = v;
    return { fields, photos: realFiles(form.getAll("photos")) };
  }
  return { fields: (await readJson(req)) as Record<string, unknown>, photos: [] };
}
