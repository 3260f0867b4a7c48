import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/app/_components/ui";

/**
 * A section of the topic page that has nothing to show this reader, in its own card: a link to sign
 * in (`signIn`), or why (`children`, e.g. a Refusal's message). The page itself answers for the topic.
 */
export function SectionNotice({ title, signIn, children }: { title: string; signIn?: { topicId: number; label: string }; children?: ReactNode }) {
  return (
    <Card title={title}>
      {signIn ? (
        <p className="text-base">
          <Link href={`/sign-in?callbackUrl=/topics/${signIn.topicId}`} className="link link-primary">
            {signIn.label}
          </Link>
        </p>
      ) : (
        <div role="alert" className="alert alert-warning text-base">
          {children}
        </div>
      )}
    </Card>
  );
}
