import { apiRoute } from "@/lib/api/handler";
import { listMyTasks } from "@/lib/tasks/list-tasks";

/** The caller's tasks: given to them, taken by them, or given to their organisation. */
export const GET = apiRoute(({ ctx }) => listMyTasks(ctx));
