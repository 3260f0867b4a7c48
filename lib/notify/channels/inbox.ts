import { notify, type NotificationKind } from "@/lib/notifications/notify";
import type { Channel } from "./types";

/** The in-app inbox (站内消息): always available, delivered in the transaction that marks the message sent. */
export const inboxChannel: Channel = {
  name: "inbox",
  kind: "local",
  available: () => true,
  async deliver(tx, message) {
    const { topicId, meetingId, ...data } = message.params;
    await notify(tx, [message.personId], message.kind as NotificationKind, {
      topicId: typeof topicId === "number" ? topicId : undefined,
      meetingId: typeof meetingId === "number" ? meetingId : undefined,
      data,
    });
  },
};
