import { getTranslations } from "next-intl/server";
import { readableText } from "@/lib/richtext/readable-text";
import { ReadAloudButton } from "./read-aloud-button";

type Part = { html: string } | { text: string } | null | undefined | false;

/**
 * 朗读 for a notice, a ballot question or a plan: the server turns the parts (titles, rich-text
 * HTML) into the words to say (lib/richtext/readable-text.ts), the browser speaks them. Nothing to
 * say, no button; a browser without speech shows none either.
 */
export async function ReadAloud({ what, parts }: { what: "notice" | "ballot" | "plan"; parts: Part[] }) {
  const text = readableText(parts);
  if (!text) return null;
  const t = await getTranslations("access.readAloud");
  return <ReadAloudButton text={text} labels={{ read: t("read"), stop: t("stop"), name: t("readLabel", { what: t(what) }) }} />;
}
