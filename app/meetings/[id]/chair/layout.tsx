import { ClientMessages } from "@/app/_components/client-messages";

/** The console's client components translate with these (a nested provider replaces the section's). */
export default function ChairLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["room", "ballots", "common"]}>{children}</ClientMessages>;
}
