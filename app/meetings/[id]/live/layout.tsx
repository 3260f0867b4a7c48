import { ClientMessages } from "@/app/_components/client-messages";

/** The phone view's client components translate with these (a nested provider replaces the section's). */
export default function LiveLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["room", "ballots", "common"]}>{children}</ClientMessages>;
}
