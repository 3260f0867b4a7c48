"use client";
import { signOut } from "next-auth/react";

export function SignOutButton({ label, plain = false }: { label: string; plain?: boolean }) {
  return (
    <button
      type="button"
      className={plain ? "text-left" : "btn btn-sm btn-outline text-primary-content border-primary-content/60"}
      onClick={() => signOut({ callbackUrl: "/" })}
    >
      {label}
    </button>
  );
}
