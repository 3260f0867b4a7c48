import { z } from "zod";
import { createTaskBody, declineTaskBody, reassignTaskBody, reportProgressBody } from "@/lib/validation/tasks";
import type { Operation } from "../operation";

const tags = ["tasks"];
const taskStatus = z.object({ taskId: z.number(), status: z.enum(["open", "assigned", "taken", "declined", "inProgress", "completed"]) });

/** Getting it done (问题解决): dispatching, taking, claiming and reporting on tasks. */
export const tasksOperations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/topics/{id}/start-implementation",
    summary: "Start carrying out a resolved topic (resolved → implementing): staff who own the topic. Followers are notified. 409 when the topic is not resolved",
    tags,
    auth: true,
    response: z.object({ topicId: z.number(), state: z.string() }),
  },
  {
    method: "get",
    path: "/api/v1/topics/{id}/tasks",
    summary: "The topic's tasks by rectification round, newest round first, with assignee, status, percent, due date and overdue flag; what the caller may do",
    tags,
    auth: true,
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/tasks",
    summary:
      "Dispatch a task from the resolution (派单) while the topic is implementing or rectifying (409 otherwise): staff who own the topic. To an organisation of the community, a verified person of the community, or \"open\" on the task board. The assignee (every member of an organisation) is notified",
    tags,
    auth: true,
    body: createTaskBody,
    response: z.object({ taskId: z.number(), topicId: z.number(), status: z.enum(["open", "assigned"]), round: z.number() }),
    status: 201,
  },
  { method: "get", path: "/api/v1/tasks", summary: "The caller's tasks (given to them, taken by them, or given to their organisation): active ones by due date, then completed ones", tags, auth: true },
  { method: "get", path: "/api/v1/tasks/board", summary: "The task board (揭榜挂帅): open tasks of the caller's communities waiting to be claimed", tags, auth: true },
  { method: "get", path: "/api/v1/tasks/{id}", summary: "A task with its progress reports (photo ids under /tasks/photos/{id}) and what the caller may do", tags, auth: true },
  { method: "post", path: "/api/v1/tasks/{id}/take", summary: "Take the order (接单): the assigned person or any member of the assigned organisation. Staff are notified. 409 unless the task is assigned", tags, auth: true, response: taskStatus },
  {
    method: "post",
    path: "/api/v1/tasks/{id}/decline",
    summary: "Decline the task with a reason, before any progress: the assignee. Staff are notified and may reassign it",
    tags,
    auth: true,
    body: declineTaskBody,
    response: taskStatus,
  },
  {
    method: "post",
    path: "/api/v1/tasks/{id}/reassign",
    summary: "Give a declined, assigned or open task to another assignee (or put it on the board), optionally with a new due date: staff who own the topic",
    tags,
    auth: true,
    body: reassignTaskBody,
    response: taskStatus,
  },
  { method: "post", path: "/api/v1/tasks/{id}/claim", summary: "Claim an open task from the board: anyone verified in the task's community. First come, first served (409 afterwards)", tags, auth: true, response: taskStatus },
  {
    method: "post",
    path: "/api/v1/tasks/{id}/progress",
    summary:
      "Report progress (text, photos, percent never lower than before) or completion (completes=true: a photo or at least 10 characters as evidence): the taker or the assignee's side. JSON, or multipart/form-data with repeated \"photos\" files. When the last task of the current round is completed the topic goes under review",
    tags,
    auth: true,
    body: reportProgressBody,
    contentType: "multipart/form-data",
    response: z.object({ taskId: z.number(), updateId: z.number(), status: z.enum(["inProgress", "completed"]), percent: z.number(), topicState: z.enum(["underReview"]).nullable() }),
    status: 201,
  },
];
