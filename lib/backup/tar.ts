import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

/**
 * The few lines of POSIX ustar a backup needs, on Node's own streams and zlib: regular files with
 * short relative names, gzip around them. `tar -tzf` and `tar -xzf` read the result. (A declared
 * dependency such as `tar` would do the same; this keeps the backup free of one.)
 */

const BLOCK = 512;
/** ustar's 11 octal digits of size: 8 GiB. */
const MAX_ENTRY_BYTES = 8 * 1024 ** 3 - 1;

export type TarSource = { name: string; file: string } | { name: string; data: Buffer };
export type TarWritten = { name: string; bytes: number; sha256: string };

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  if (size > MAX_ENTRY_BYTES) throw new Error(`${name} is larger than a tar entry may be (8 GiB)`);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, "ascii");
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);

/**
 * Writes `sources` as a gzipped tar to `destination`, hashing each entry's bytes as they are
 * written. `last` is asked for its entries once every source is written, so a manifest can
 * list the digests of what precedes it.
 */
export async function writeTarGz(destination: string, sources: Iterable<TarSource>, last: (written: TarWritten[]) => TarSource[], mtime = new Date()): Promise<TarWritten[]> {
  const written: TarWritten[] = [];
  async function* entries(list: Iterable<TarSource>): AsyncGenerator<Buffer> {
    for (const s of list) {
      const hash = createHash("sha256");
      if ("data" in s) {
        yield header(s.name, s.data.length, mtime);
        hash.update(s.data);
        yield s.data;
        yield padding(s.data.length);
        written.push({ name: s.name, bytes: s.data.length, sha256: hash.digest("hex") });
        continue;
      }
      // Files are never changed once written (uploads) or are our own copy (the database), so
      // the size taken here is the size read below; a mismatch means something is wrong: stop.
      const size = fs.statSync(s.file).size;
      yield header(s.name, size, mtime);
      let read = 0;
      for await (const chunk of fs.createReadStream(s.file, { highWaterMark: 1024 * 1024 })) {
        const b = chunk as Buffer;
        read += b.length;
        if (read > size) throw new Error(`${s.file} grew while it was being copied`);
        hash.update(b);
        yield b;
      }
      if (read !== size) throw new Error(`${s.file} shrank while it was being copied`);
      yield padding(size);
      written.push({ name: s.name, bytes: size, sha256: hash.digest("hex") });
    }
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* entries(sources);
    yield* entries(last([...written]));
    yield Buffer.alloc(2 * BLOCK, 0); // end of archive
  }
  // Owner-only, like auth-secret: a backup holds password hashes and every ballot, whatever the umask.
  await pipeline(Readable.from(all()), zlib.createGzip({ level: 6 }), fs.createWriteStream(destination, { flags: "wx", mode: 0o600 }));
  return written;
}

export type TarRead = { name: string; bytes: number; sha256: string; path: string };

/**
 * Extracts a gzipped tar into `dir`, accepting only regular files whose names `allow` approves
 * (nothing absolute, no "..", no links), each written to `dir/name`. Returns what was written
 * with its SHA-256. Throws on anything malformed: a truncated archive, a bad header checksum.
 */
export async function extractTarGz(archive: string, dir: string, allow: (name: string) => boolean): Promise<TarRead[]> {
  const out: TarRead[] = [];
  const seen = new Set<string>();
  let pending: Buffer = Buffer.alloc(0);
  let current: { name: string; size: number; left: number; fd: number; hash: ReturnType<typeof createHash>; path: string } | null = null;
  let skip = 0;
  let ended = false;

  const finishEntry = () => {
    const c = current!;
    fs.closeSync(c.fd);
    out.push({ name: c.name, bytes: c.size, sha256: c.hash.digest("hex"), path: c.path });
    skip = (BLOCK - (c.size % BLOCK)) % BLOCK;
    current = null;
  };

  const consume = (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (ended) return; // whatever follows the end marker is ignored, as tar does
      if (current) {
        if (pending.length === 0) return;
        const take = Math.min(current.left, pending.length);
        const part = pending.subarray(0, take);
        fs.writeSync(current.fd, part);
        current.hash.update(part);
        current.left -= take;
        pending = pending.subarray(take);
        if (current.left === 0) finishEntry();
        continue;
      }
      if (skip > 0) {
        const take = Math.min(skip, pending.length);
        skip -= take;
        pending = pending.subarray(take);
        if (skip > 0) return;
        continue;
      }
      if (pending.length < BLOCK) return;
      const h = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        ended = true;
        return;
      }
      const stored = Number.parseInt(h.subarray(148, 156).toString("ascii").replace(/\0.*$/s, "").trim(), 8);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
      if (stored !== sum) throw new Error("not a tar archive (a header's checksum does not match)");
      const field = (from: number, len: number) => h.subarray(from, from + len).toString("utf8").replace(/\0.*$/s, "");
      const prefix = field(345, 155);
      const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
      const type = String.fromCharCode(h[156]!);
      const size = Number.parseInt(field(124, 12).trim() || "0", 8);
      if ((type !== "0" && type !== "\0") || !Number.isSafeInteger(size)) throw new Error(`unexpected entry in the archive: ${name} (type ${type})`);
      const normal = path.posix.normalize(name);
      if (normal !== name || name.startsWith("/") || name.split("/").includes("..") || !allow(name)) throw new Error(`unexpected file in the archive: ${name}`);
      // A set, not a search of `out`: a backup may hold a hundred thousand uploads.
      if (seen.has(name)) throw new Error(`the archive holds ${name} twice`);
      seen.add(name);
      const dest = path.join(dir, ...name.split("/"));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      current = { name, size, left: size, fd: fs.openSync(dest, "wx"), hash: createHash("sha256"), path: dest };
      if (size === 0) finishEntry();
    }
  };

  try {
    await pipeline(
      fs.createReadStream(archive),
      zlib.createGunzip(),
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          try {
            consume(chunk);
            cb();
          } catch (e) {
            cb(e as Error);
          }
        },
      }),
    );
  } finally {
    if (current) fs.closeSync((current as { fd: number }).fd);
  }
  if (!ended) throw new Error("the archive is truncated (no end-of-archive marker)");
  return out;
}
