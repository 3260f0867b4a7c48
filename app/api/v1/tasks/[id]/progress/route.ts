import { apiRoute, readFieldsAndFiles } from "@/lib/api/handler";
import { reportProgress } from "@/lib/tasks/report-progress";

/** Report progress or completion: JSON, or multipart/form-data when photos come along (field "photos", repeated). */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const { fields, files } = await readFieldsAndFiles(req, "photos");
    return reportProgress(ctx, { ...fields, taskId: params.id }, files);
  },
  { status: 201 },
);
