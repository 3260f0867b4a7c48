import type { Operation } from "../operation";

export const meetingsOperations: Operation[] = [];
