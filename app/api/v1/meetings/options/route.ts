import { apiRoute } from "@/lib/api/handler";
import { scheduleOptions } from "@/lib/meetings/schedule-options";

/** Where the caller may hold a meeting, with admitted topics, council-day date, usual place and think tanks. */
export const GET = apiRoute(({ ctx }) => scheduleOptions(ctx));
