import { apiRoute } from "@/lib/api/handler";
import { retryMessage } from "@/lib/notify/retry-message";

/** Community admins: send a failed message again. */
export const POST = apiRoute<{ id: string }>(({ ctx, params }) => retryMessage(ctx, { id: params.id }));
