import type { Operation } from "../operation";

export const adminOperations: Operation[] = [];
