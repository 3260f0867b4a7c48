import bcrypt from "bcryptjs";
import { describe, expect, it, vi } from "vitest";

// The worker pool refuses the very first task (its queue full in a flood), then works again.
const pool = vi.hoisted(() => ({ refuseNext: true }));
vi.mock("@/lib/workers/pool", async () => {
  const { AppError } = await import("@/lib/errors");
  return {
    runTask: async (_pool: string, task: string, input: { plain: string; cost?: number; hash?: string }) => {
      if (pool.refuseNext) {
        pool.refuseNext = false;
        throw new AppError("too_many_requests", "serverBusy");
      }
      return task === "hashPassword" ? bcrypt.hash(input.plain, 4) : bcrypt.compare(input.plain, input.hash!);
    },
  };
});

import { checkAgainstDummy } from "@/lib/auth/password";

describe("the check an unknown number gets", () => {
  it("recovers from a busy pool: one refused hash does not make every later unknown number 'server busy'", async () => {
    // A registered number's wrong password is a plain false; an unknown number must come to the same.
    await expect(checkAgainstDummy("guess-1")).rejects.toMatchObject({ messageKey: "serverBusy" });
    await expect(checkAgainstDummy("guess-2")).resolves.toBe(false);
    await expect(checkAgainstDummy("guess-3")).resolves.toBe(false);
  });
});
