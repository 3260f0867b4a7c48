import { apiRoute, readFieldsAndFiles } from "@/lib/api/handler";
import { listTopics } from "@/lib/topics/list-topics";
import { proposeTopic } from "@/lib/topics/propose";

/** Propose a topic: JSON, or multipart/form-data when photos come along (field "photos", repeated). */
export const POST = apiRoute(
  async ({ req, ctx }) => {
    const { fields, files } = await readFieldsAndFiles(req, "photos");
    return proposeTopic(ctx, fields, files);
  },
  { status: 201 },
);

export const GET = apiRoute(({ req, ctx }) => listTopics(ctx, Object.fromEntries(req.nextUrl.searchParams)));
