import type { MetadataRoute } from "next";
import zh from "@/lib/i18n/messages/zh-CN/offline.json";

/**
 * The web app manifest (served at /manifest.webmanifest, linked from every page by Next): what a
 * phone needs to put GridCouncil on its home screen and open it full-screen. Chinese, as most
 * residents read it; the icons are rendered from app/icon.svg by scripts/make-icons.mjs.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: zh.manifest.name,
    short_name: zh.manifest.shortName,
    description: zh.manifest.description,
    lang: "zh-CN",
    dir: "ltr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    theme_color: "#9f1d1d",
    background_color: "#ffffff",
    categories: ["government", "social"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
