import type { Operation } from "../operation";

export const topicsOperations: Operation[] = [];
