import { describe, expect, test } from "vitest";
import { inFlightLimit } from "@/lib/security/in-flight";

const busy = () => new Error("busy");

/** A job that ends when told to. */
function pending() {
  let end!: () => void;
  const done = new Promise<string>((resolve) => (end = () => resolve("done")));
  return { work: () => done, end };
}

describe("inFlightLimit", () => {
  test("a key runs up to its ceiling at once and the next is refused; other keys are not held up", async () => {
    const limit = inFlightLimit(2);
    const [a, b] = [pending(), pending()];
    const ra = limit.run(7, busy, a.work);
    const rb = limit.run(7, busy, b.work);
    await expect(limit.run(7, busy, async () => "c")).rejects.toThrow("busy");
    await expect(limit.run("someone else", busy, async () => "x")).resolves.toBe("x");
    a.end();
    b.end();
    await expect(Promise.all([ra, rb])).resolves.toEqual(["done", "done"]);
  });

  test("a slot is given back when a job ends, whether it succeeds or fails", async () => {
    const limit = inFlightLimit(1);
    const a = pending();
    const ra = limit.run(1, busy, a.work);
    await expect(limit.run(1, busy, async () => "b")).rejects.toThrow("busy");
    a.end();
    await ra;
    await expect(limit.run(1, busy, async () => Promise.reject(new Error("failed")))).rejects.toThrow("failed");
    await expect(limit.run(1, busy, async () => "after")).resolves.toBe("after");
  });
});
