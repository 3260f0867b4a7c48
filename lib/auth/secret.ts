import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";

/**
 * The session-signing secret: NEXTAUTH_SECRET when the deployer sets one, otherwise a random one
 * made on first start and kept beside the database, so `npm start` works with no setup and
 * sessions survive restarts.
 */
export function authSecret(): string {
  const { authSecret: configured, databaseFile } = config();
  if (configured) return configured;
  const file = path.join(path.dirname(databaseFile), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch {
      // Another process wrote it first: use theirs.
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}
