// Renders the installable app's PNG icons from app/icon.svg (the browser tab's icon), so the home
// screen shows the same 议 seal. Run after changing the SVG: `node scripts/make-icons.mjs`; the PNGs
// are committed (public/icons/, app/apple-icon.png), so neither the build nor the server needs sharp for them.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const svg = fs.readFileSync(path.join(root, "app/icon.svg"), "utf8");
const out = path.join(root, "public/icons");
fs.mkdirSync(out, { recursive: true });

// A maskable icon is cropped to a circle (or squircle) by the launcher: its seal must sit inside the
// central 80 % "safe zone", on a full-bleed background of the same red, with no rounded corners.
const maskable = svg
  .replace('viewBox="0 0 64 64"', 'viewBox="-10 -10 84 84"')
  .replace('<rect width="64" height="64" rx="14"', '<rect x="-10" y="-10" width="84" height="84"');

const icons = [
  { file: "icon-192.png", size: 192, source: svg, opaque: false },
  { file: "icon-512.png", size: 512, source: svg, opaque: false },
  { file: "icon-maskable-512.png", size: 512, source: maskable, opaque: true },
  // iOS ignores the manifest's icons and rounds the corners itself: a full-bleed opaque square.
  // Next's file convention (app/apple-icon.png) links it from every page beside app/icon.svg.
  { file: "../../app/apple-icon.png", size: 180, source: maskable, opaque: true },
];
for (const { file, size, source, opaque } of icons) {
  const image = sharp(Buffer.from(source), { density: Math.ceil((72 * size) / 64) }).resize(size, size);
  await (opaque ? image.flatten({ background: "#9f1d1d" }) : image).png({ compressionLevel: 9 }).toFile(path.join(out, file));
  console.log(`${path.relative(root, path.join(out, file))} ${size}×${size}`);
}
