import type { OutboxChannel } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { MessageKind } from "@/lib/domain/reminders";

/** One message as a channel sees it: to whom, which kind, and what it says. */
export type OutgoingMessage = {
  id: number;
  kind: MessageKind;
  personId: number;
  /** The person's mobile number as stored (11 digits, mainland China). */
  phone: string;
  params: Record<string, string | number>;
  secretParams: Record<string, string> | null;
};

/** How one attempt went. `retryable`: nothing was delivered and trying again later may work. */
export type SendOutcome = { ok: true; providerRef?: string } | { ok: false; error: string; retryable: boolean };

/**
 * A way a message reaches a person. A local channel (the inbox) delivers inside the transaction
 * that marks the message sent, so it is delivered exactly once; a remote one (SMS) is called
 * outside any transaction, and its outcome is recorded afterwards.
 */
export type Channel =
  | { name: OutboxChannel; kind: "local"; available(): boolean; deliver(tx: Tx, message: OutgoingMessage): void }
  | { name: OutboxChannel; kind: "remote"; available(): boolean; send(message: OutgoingMessage): Promise<SendOutcome> };
