import { z } from "zod";
import { calendarDate, checkbox, id, optionalText } from "./common";

/**
 * Schemas of getting it done (问题解决): dispatching tasks from a resolution, taking, declining,
 * claiming them from the board, and reporting progress. Messages are keys under `errors.`.
 */

export const TASK_TITLE_MIN = 2;
export const TASK_TITLE_MAX = 60;
export const TASK_DESCRIPTION_MAX = 2000;
export const TASK_REASON_MIN = 2;
export const TASK_UPDATE_MAX = 2000;
/** A completion report needs a photo or at least this much text as evidence. */
export const TASK_EVIDENCE_MIN_TEXT = 10;


/** Whom a task goes to: "open" (揭榜挂帅, claimable on the board), "organisation:ID" or "person:ID". */
export const assignee = z
  .string({ error: "taskAssigneeInvalid" })
  .trim()
  .regex(/^(open|organisation:\d+|person:\d+)$/, { error: "taskAssigneeInvalid" })
  .transform((s): { kind: "open" } | { kind: "organisation" | "person"; id: number } => {
    if (s === "open") return { kind: "open" };
    const [kind, n] = s.split(":") as ["organisation" | "person", string];
    return { kind, id: Number(n) };
  })
  .meta({ description: '"open" (anyone verified in the community may claim it from the task board), "organisation:ID" (e.g. the property firm) or "person:ID"', example: "organisation:3" });

export const topicIdInput = z.object({ topicId: id });
export const taskIdInput = z.object({ taskId: id });

export const createTaskBody = z.object({
  title: z
    .string({ error: "taskTitleTooShort" })
    .trim()
    .min(TASK_TITLE_MIN, { error: "taskTitleTooShort" })
    .max(TASK_TITLE_MAX, { error: "taskTitleTooLong" })
    .meta({ example: "清理3号楼楼道电动车" }),
  description: optionalText(TASK_DESCRIPTION_MAX),
  assignee,
  dueOn: calendarDate("taskDueInvalid").meta({ description: "Due date YYYY-MM-DD (Beijing time), today or later", example: "2026-12-31" }),
});
export const createTaskInput = createTaskBody.extend({ topicId: id });

export const declineTaskBody = z.object({
  reason: z
    .string({ error: "taskReasonRequired" })
    .trim()
    .min(TASK_REASON_MIN, { error: "taskReasonRequired" })
    .max(500, { error: "textTooLong" }),
});
export const declineTaskInput = declineTaskBody.extend({ taskId: id });

export const reassignTaskBody = z.object({
  assignee,
  dueOn: calendarDate("taskDueInvalid").optional().meta({ description: "A new due date, if it changes" }),
});
export const reassignTaskInput = reassignTaskBody.extend({ taskId: id });


export const reportProgressBody = z.object({
  body: optionalText(TASK_UPDATE_MAX),
  percent: z.coerce
    .number({ error: "taskPercentInvalid" })
    .int({ error: "taskPercentInvalid" })
    .min(0, { error: "taskPercentInvalid" })
    .max(100, { error: "taskPercentInvalid" })
    .default(0)
    .meta({ description: "0–100, never lower than the last report; a completion is always 100" }),
  completes: checkbox.default(false).meta({ description: "Reports the task complete: needs a photo or at least 10 characters of text as evidence" }),
});
export const reportProgressInput = reportProgressBody.extend({ taskId: id });
