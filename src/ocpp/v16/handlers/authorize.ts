import type { ActionHandler, HandlerDependencies } from "./types.js";

export const handleAuthorize =
  ({ authorization }: HandlerDependencies): ActionHandler<"Authorize"> =>
  async (request) => ({ idTagInfo: await authorization.authorize(request.idTag) });
