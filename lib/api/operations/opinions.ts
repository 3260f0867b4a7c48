import type { Operation } from "../operation";

export const opinionsOperations: Operation[] = [];
