import { photoRoute } from "@/lib/api/file-route";

/** A progress photo, for those who may see the task's topic. `?size=thumb` gives the list-size copy; served with nosniff. */
export const GET = photoRoute("task");
