import { cache } from "react";
import { listMyTodos, type MyTodos } from "@/lib/todo/list-my-todos";
import { publicPage } from "./page";

/**
 * The signed-in person's to-do list (lib/todo), read once per request: the header's count and the
 * home page's 待我处理 are the same list, and it is some fourteen statements — on every signed-in
 * page for the header alone. Null when nobody is signed in.
 */
export const myTodos = cache(async (): Promise<MyTodos | null> => {
  const page = await publicPage("/");
  return page.read(async (ctx) => (ctx.actor ? await listMyTodos({ db: ctx.db, actor: ctx.actor }) : null));
});
