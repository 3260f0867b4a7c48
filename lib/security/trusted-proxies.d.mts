export declare function normalizeAddress(raw: unknown): string | null;
export declare function parseTrustedProxies(text: string | undefined | null): { entries: string[]; isTrusted: (address: string | null) => boolean };
