"use client";

/** Opens the browser's print dialog; the print CSS turns the page into the A4 sheet. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn btn-primary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
