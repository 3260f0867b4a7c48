"use client";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * A <details> menu that closes itself as a menu should: once an entry is chosen, on a click or tap
 * anywhere else, and on Escape (focus back on its button). A bare <details> stays open across
 * client-side navigations, covering the page the person just asked for.
 */
export function DropdownMenu({ className, children }: { className?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();

  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);

  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      const menu = ref.current;
      if (menu?.open && !menu.contains(e.target as Node)) menu.open = false;
    };
    const onKey = (e: KeyboardEvent) => {
      const menu = ref.current;
      if (e.key !== "Escape" || !menu?.open) return;
      menu.open = false;
      menu.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, []);

  return (
    <details
      ref={ref}
      className={className}
      onClick={(e) => {
        // An entry chosen (a link, or the sign-out button): the menu has done its job.
        if (ref.current && (e.target as Element).closest("a[href], button[type=submit]")) ref.current.open = false;
      }}
    >
      {children}
    </details>
  );
}
