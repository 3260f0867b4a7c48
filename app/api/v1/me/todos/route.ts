import { apiRoute } from "@/lib/api/handler";
import { listMyTodos } from "@/lib/todo/list-my-todos";

/** The caller's to-do list (待我处理): every action waiting on them, most urgent first, with the count. */
export const GET = apiRoute(({ ctx }) => listMyTodos(ctx));
