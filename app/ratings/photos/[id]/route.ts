import { photoRoute } from "@/lib/api/file-route";

/**
 * A rating's photo, for those who may read individual ratings (the topic's staff and supervisors);
 * anyone else gets 404, so that the photo's existence does not leak.
 */
export const GET = photoRoute("rating");
