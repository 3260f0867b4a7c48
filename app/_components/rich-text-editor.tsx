"use client";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/**
 * The rich-text field of every form (topic descriptions, minutes, plans). It submits the tiptap
 * document as JSON in a hidden input named `name`; the server validates and renders it.
 */
export function RichTextEditor({
  name,
  id,
  initial,
  placeholder,
  invalid = false,
  describedBy,
}: {
  name: string;
  id: string;
  initial?: unknown;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const t = useTranslations("editor");
  const [json, setJson] = useState(() => (initial ? JSON.stringify(initial) : ""));
  const editor = useEditor({
    extensions: [StarterKit.configure({ codeBlock: false, code: false, link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto", "tel"] } })],
    content: (initial as object) ?? "",
    immediatelyRender: false,
    editorProps: {
      attributes: {
        id,
        role: "textbox",
        "aria-multiline": "true",
        ...(placeholder ? { "aria-placeholder": placeholder } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        class: "prose-content min-h-36 px-3 py-2 focus:outline-none text-lg",
      },
    },
    onUpdate: ({ editor: e }) => setJson(e.isEmpty ? "" : JSON.stringify(e.getJSON())),
  });
  // The form's <label for={id}> names only labelable elements, not this contenteditable textbox:
  // point the textbox at the label (aria-labelledby), so a screen reader says what to write.
  useEffect(() => {
    // Before EditorContent has mounted it, tiptap's view is not there yet.
    const dom = editor && !editor.isDestroyed ? (editor.view as { dom?: HTMLElement } | undefined)?.dom : undefined;
    const label = dom ? document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(id)}"]`) : null;
    if (!dom || !label) return;
    if (!label.id) label.id = `${id}-label`;
    dom.setAttribute("aria-labelledby", label.id);
  }, [editor, id]);

  const tool = (label: string, active: boolean, run: () => void) => (
    <button
      type="button"
      className={`btn btn-sm ${active ? "btn-neutral" : "btn-ghost"}`}
      aria-pressed={active}
      onClick={run}
      disabled={!editor}
    >
      {label}
    </button>
  );

  return (
    <div className={`rounded-field border ${invalid ? "border-error" : "border-base-300"} bg-base-100`}>
      <div className="flex flex-wrap gap-1 border-b border-base-300 p-1" role="toolbar" aria-label={t("toolbar")}>
        {tool(t("bold"), !!editor?.isActive("bold"), () => editor?.chain().focus().toggleBold().run())}
        {tool(t("bulletList"), !!editor?.isActive("bulletList"), () => editor?.chain().focus().toggleBulletList().run())}
        {tool(t("orderedList"), !!editor?.isActive("orderedList"), () => editor?.chain().focus().toggleOrderedList().run())}
        {tool(t("heading"), !!editor?.isActive("heading", { level: 3 }), () => editor?.chain().focus().toggleHeading({ level: 3 }).run())}
      </div>
      {editor ? <EditorContent editor={editor} /> : <div className="min-h-36 px-3 py-2 text-base-content/70">{placeholder}</div>}
      <input type="hidden" name={name} value={json} />
    </div>
  );
}
