import { photoRoute } from "@/lib/api/file-route";

/** A topic's photo, for those who may see the topic. `?size=thumb` gives the list-size copy; served with nosniff. */
export const GET = photoRoute("topic");
