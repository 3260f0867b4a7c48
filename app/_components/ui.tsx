import Link from "next/link";

/** Shared building blocks, so every screen has the same type scale, spacing and colours. */

export function PageTitle({ title, subtitle, back }: { title: string; subtitle?: React.ReactNode; back?: { href: string; label: string } }) {
  return (
    <div className="mb-5">
      {back && (
        <Link href={back.href} className="link link-hover text-base text-base-content/70 no-print">
          ‹ {back.label}
        </Link>
      )}
      <h1 className="text-2xl md:text-3xl font-bold leading-tight mt-1">{title}</h1>
      {subtitle && <p className="text-base-content/70 mt-1">{subtitle}</p>}
    </div>
  );
}

export function Card({ title, children, actions, className = "", id }: { title?: React.ReactNode; children: React.ReactNode; actions?: React.ReactNode; className?: string; id?: string }) {
  return (
    <section id={id} className={`card bg-base-100 border border-base-300 scroll-mt-4 ${className}`}>
      <div className="card-body p-4 md:p-6 gap-3">
        {(title || actions) && (
          <div className="flex items-center gap-2 flex-wrap">
            {title && <h2 className="card-title text-xl">{title}</h2>}
            {actions && <div className="ml-auto flex gap-2">{actions}</div>}
          </div>
        )}
        {children}
      </div>
    </section>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return <p className="text-base-content/60 py-6 text-center">{children}</p>;
}

export function Stat({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div className="rounded-box bg-base-100 border border-base-300 p-4">
      <div className="text-sm text-base-content/70">{label}</div>
      <div className="text-3xl font-bold text-primary mt-1">{value}</div>
      {hint && <div className="text-sm text-base-content/60">{hint}</div>}
    </div>
  );
}

export function Badge({ children, tone = "neutral" }: { children: React.ReactNode; tone?: "neutral" | "primary" | "success" | "warning" | "error" | "info" }) {
  const cls = {
    neutral: "badge-ghost",
    primary: "badge-primary",
    success: "badge-success",
    warning: "badge-warning",
    error: "badge-error",
    info: "badge-info",
  }[tone];
  return <span className={`badge ${cls} badge-md h-auto min-h-6 py-0.5 whitespace-normal`}>{children}</span>;
}

const alertTone = {
  error: { cls: "alert-error", icon: "M12 8v5m0 3.5v.01" },
  warning: { cls: "alert-warning", icon: "M12 8v5m0 3.5v.01" },
  info: { cls: "alert-info", icon: "M12 11v5.5m0-9v.01" },
  success: { cls: "alert-success", icon: "m7.5 12.5 3 3 6-6.5" },
} as const;

/**
 * A message, not a button: a light tint with a border and an icon (the look itself is in
 * globals.css, so alerts written as bare classes match). role "alert" for errors, "status" for news.
 */
export function Alert({ tone, role, children, className = "" }: { tone: keyof typeof alertTone; role?: "alert" | "status"; children: React.ReactNode; className?: string }) {
  const { cls, icon } = alertTone[tone];
  return (
    <div role={role} className={`alert ${cls} text-base ${className}`}>
      <svg aria-hidden width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" className="alert-icon shrink-0">
        <circle cx="12" cy="12" r="9.5" />
        <path d={icon} />
      </svg>
      <div>{children}</div>
    </div>
  );
}
