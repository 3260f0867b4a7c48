export type Cluster = { url: string; createDatabase(name: string): string; pid: number; dir: string; stop(): void };
export function postgresBin(): string | null;
export function startCluster(dir?: string): Promise<Cluster>;
export function stopCluster(dir: string, pid?: number): void;
