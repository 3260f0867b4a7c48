import type { OutboxChannel } from "@/db/schema";
import { inboxChannel } from "./inbox";
import { smsChannel } from "./sms";
import type { Channel } from "./types";

/** Every channel by name: the sender looks a message's channel up here. */
export const channels: Readonly<Record<OutboxChannel, Channel>> = { inbox: inboxChannel, sms: smsChannel };
