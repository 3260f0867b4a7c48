import { useTranslations } from "next-intl";
import { readableText } from "@/lib/richtext/readable-text";
import { ReadAloudButton } from "./read-aloud-button";

type Part = { html: string } | { text: string } | null | undefined | false;

/**
 * 朗读 for a notice, a ballot question or a plan: the server turns the parts (titles, rich-text
 * HTML) into the words to say (lib/richtext/readable-text.ts), the browser speaks them. Nothing to
 * say, no button; a browser without speech shows none either. A synchronous component
 * (next-intl's useTranslations works in server components), so a page stays renderable in one pass.
 */
export function ReadAloud({ what, parts }: { what: "notice" | "ballot" | "plan"; parts: Part[] }) {
  const t = useTranslations("access.readAloud");
  const text = readableText(parts);
  if (!text) return null;
  return <ReadAloudButton text={text} labels={{ read: t("read"), stop: t("stop"), name: t("readLabel", { what: t(what) }) }} />;
}
