import { apiRoute } from "@/lib/api/handler";
import { listTaskBoard } from "@/lib/tasks/list-tasks";

/** Open tasks of the caller's communities, waiting to be claimed (揭榜挂帅). */
export const GET = apiRoute(({ ctx }) => listTaskBoard(ctx));
