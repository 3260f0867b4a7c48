import type { NextRequest } from "next/server";
import { apiRoute, readForm, readJson } from "@/lib/api/handler";
import { listTopics } from "@/lib/topics/list-topics";
import { proposeTopic } from "@/lib/topics/propose";
import { realFiles } from "@/lib/uploads/photos";

/** Propose a topic: JSON, or multipart/form-data when photos come along (field "photos", repeated). */
export const POST = apiRoute(
  async ({ req, ctx }) => {
    const { fields, photos } = await readTopicBody(req);
    return proposeTopic(ctx, fields, photos);
  },
  { status: 201 },
);

export const GET = apiRoute(({ req, ctx }) => listTopics(ctx, Object.fromEntries(req.nextUrl.searchParams)));

async function readTopicBody(req: NextRequest): Promise<{ fields: unknown; photos: File[] }> {
  if (req.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const form = await readForm(req);
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string") fields[k] = v;
    return { fields, photos: realFiles(form.getAll("photos")) };
  }
  return { fields: await readJson(req), photos: [] };
}
