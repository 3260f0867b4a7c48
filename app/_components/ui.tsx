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

export function Card({ title, children, actions, className = "" }: { title?: React.ReactNode; children: React.ReactNode; actions?: React.ReactNode; className?: string }) {
  return (
    <section className={`card bg-base-100 border border-base-300 ${className}`}>
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
