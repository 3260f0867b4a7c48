import { signOutAction } from "./sign-out-action";

/** A form, not a script: signing out works before the page's JavaScript has loaded. */
export function SignOutButton({ label, plain = false }: { label: string; plain?: boolean }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className={plain ? "w-full min-h-11 px-3 text-left" : "btn btn-sm btn-outline text-primary-content border-primary-content/60"}>
        {label}
      </button>
    </form>
  );
}
