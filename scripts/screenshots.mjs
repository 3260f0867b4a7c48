// Screenshots of pages at phone (390 px) and desktop (1280 px) width, for looking at what we build.
// Usage: node scripts/screenshots.mjs [--as PHONE] [--out DIR] /path [/path …]   (server on BASE_URL, default http://localhost:3000)
import { chromium } from "playwright-core";
import fs from "node:fs";

const args = process.argv.slice(2);
let phone = null;
let out = "/tmp/shots";
const paths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--as") phone = args[++i];
  else if (args[i] === "--out") out = args[++i];
  else paths.push(args[i]);
}
const base = process.env.BASE_URL ?? "http://localhost:3000";
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const [label, width] of [["phone", 390], ["desktop", 1280]]) {
  const context = await browser.newContext({ viewport: { width, height: 844 }, locale: "zh-CN", deviceScaleFactor: 1 });
  const page = await context.newPage();
  if (phone) {
    await page.goto(`${base}/sign-in`);
    await page.fill("#phone", phone);
    await page.fill("#password", "demo1234");
    await page.click("main form button[type=submit]");
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  }
  for (const p of paths) {
    await page.goto(base + p, { waitUntil: "load" });
    await page.waitForTimeout(1200);
    const file = `${out}/${(phone ?? "anon")}${p.replace(/[/?=&]+/g, "_")}-${label}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await context.close();
}
await browser.close();
