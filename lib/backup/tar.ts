import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { extract, pack, type Pack } from "tar-stream";

/**
 * A backup's archive: a plain gzipped tar (`tar -tzf` and `tar -xzf` read it) of regular files
 * with short relative names. tar-stream does the tar format, node's zlib the gzip; this file adds
 * what a backup needs on top: a SHA-256 of every entry as it streams through, and on the way in,
 * the refusals that keep a doctored archive from writing anything but the files a backup holds.
 */

export type TarSource = { name: string; file: string } | { name: string; data: Buffer };
export type TarWritten = { name: string; bytes: number; sha256: string };

const BLOCK = 512;

/** Resolves when tar-stream has taken the whole entry, rejects if the archive is torn down. */
function entryDone(archive: Pack, header: { name: string; size: number; mtime: Date }, data?: Buffer) {
  let sink!: ReturnType<Pack["entry"]>;
  const done = new Promise<void>((resolve, reject) => {
    const cb = (e?: Error | null) => (e ? reject(e) : resolve());
    sink = data ? archive.entry({ ...header, mode: 0o644 }, data, cb) : archive.entry({ ...header, mode: 0o644 }, cb);
  });
  return { sink, done };
}

async function writeEntry(archive: Pack, s: TarSource, mtime: Date): Promise<TarWritten> {
  const hash = createHash("sha256");
  if ("data" in s) {
    await entryDone(archive, { name: s.name, size: s.data.length, mtime }, s.data).done;
    return { name: s.name, bytes: s.data.length, sha256: hash.update(s.data).digest("hex") };
  }
  // Files are never changed once written (uploads) or are our own copy (the database), so the
  // size taken here is the size read below; a mismatch means something is wrong: stop.
  const size = fs.statSync(s.file).size;
  const { sink, done } = entryDone(archive, { name: s.name, size, mtime });
  let read = 0;
  await pipeline(
    fs.createReadStream(s.file, { highWaterMark: 1024 * 1024 }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const b of chunks) {
        read += b.length;
        if (read > size) throw new Error(`${s.file} grew while it was being copied`);
        hash.update(b);
        yield b;
      }
      if (read !== size) throw new Error(`${s.file} shrank while it was being copied`);
    },
    sink,
  );
  await done;
  return { name: s.name, bytes: size, sha256: hash.digest("hex") };
}

/**
 * Writes `sources` as a gzipped tar to `destination`, hashing each entry's bytes as they are
 * written. `last` is asked for its entries once every source is written, so a manifest can
 * list the digests of what precedes it.
 */
export async function writeTarGz(destination: string, sources: Iterable<TarSource>, last: (written: TarWritten[]) => TarSource[], mtime = new Date()): Promise<TarWritten[]> {
  const archive = pack();
  // Owner-only, like auth-secret: a backup holds password hashes and every ballot, whatever the umask.
  const out = pipeline(archive, zlib.createGzip({ level: 6 }), fs.createWriteStream(destination, { flags: "wx", mode: 0o600 }));
  out.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  const written: TarWritten[] = [];
  try {
    for (const s of sources) written.push(await writeEntry(archive, s, mtime));
    for (const s of last([...written])) written.push(await writeEntry(archive, s, mtime));
    archive.finalize();
  } catch (e) {
    archive.destroy(e as Error);
    await out.catch(() => {});
    throw e;
  }
  await out;
  return written;
}

export type TarRead = { name: string; bytes: number; sha256: string; path: string };

/** tar-stream's wording for the two ways an archive is broken, in the words a restore has always used. */
function explain(e: unknown): unknown {
  const message = (e as Error)?.message ?? "";
  if (message.startsWith("Invalid tar header. Maybe the tar is corrupted")) return new Error("not a tar archive (a header's checksum does not match)");
  if (message === "Unexpected end of data") return new Error("the archive is truncated (no end-of-archive marker)");
  return e;
}

/**
 * Extracts a gzipped tar into `dir`, accepting only regular files whose names `allow` approves
 * (nothing absolute, no "..", no links), each written to `dir/name`. Returns what was written
 * with its SHA-256. Throws on anything malformed: a truncated archive, a bad header checksum.
 */
export async function extractTarGz(archive: string, dir: string, allow: (name: string) => boolean): Promise<TarRead[]> {
  const out: TarRead[] = [];
  const seen = new Set<string>();
  const entries = extract();
  let total = 0;
  const feeding = pipeline(
    fs.createReadStream(archive),
    zlib.createGunzip(),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const b of chunks) {
        total += b.length;
        yield b;
      }
    },
    entries,
  );
  feeding.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  let end = 0;
  try {
    for await (const entry of entries) {
      const { name, type, size } = entry.header;
      if (type !== "file") throw new Error(`unexpected entry in the archive: ${name} (type ${type})`);
      if (path.posix.normalize(name) !== name || name.startsWith("/") || name.split("/").includes("..") || !allow(name)) throw new Error(`unexpected file in the archive: ${name}`);
      // A set, not a search of `out`: a backup may hold a hundred thousand uploads.
      if (seen.has(name)) throw new Error(`the archive holds ${name} twice`);
      seen.add(name);
      const dest = path.join(dir, ...name.split("/"));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const fd = fs.openSync(dest, "wx");
      const hash = createHash("sha256");
      let bytes = 0;
      try {
        for await (const b of entry as AsyncIterable<Buffer>) {
          fs.writeSync(fd, b);
          hash.update(b);
          bytes += b.length;
        }
      } finally {
        fs.closeSync(fd);
      }
      out.push({ name, bytes, sha256: hash.digest("hex"), path: dest });
      end = entry.offset + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
    await feeding;
  } catch (e) {
    entries.destroy();
    await feeding.catch(() => {});
    throw explain(e);
  }
  // tar-stream reads past an end-of-archive block as an empty header; one must be there, or the
  // archive was cut at an entry's boundary.
  if (total < end + BLOCK) throw new Error("the archive is truncated (no end-of-archive marker)");
  return out;
}
