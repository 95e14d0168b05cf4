import { Router } from 'express';
import { z } from 'zod';
import { AppError, AssistantChatRequestSchema, IdSchema } from '@cutaway/shared';
import type { AssistantService } from '../../services/assistant/assistant-service';
import type { SavedPromptService } from '../../services/assistant/saved-prompts';
import type { ToolRegistry } from '../../services/tools/index';
import { parse } from '../validate';

export interface AssistantRouteDeps {
  assistant: AssistantService;
  prompts: SavedPromptService;
  registry: () => ToolRegistry;
}

const IdParams = z.object({ id: IdSchema });

/** The assistant's HTTP face (console chat panel, Premiere panel): thin, everything is in the services. */
export function assistantRoutes(deps: AssistantRouteDeps): Router {
  const r = Router();
  r.get('/assistant/tools', (req, res) => {
    res.json({ available: deps.assistant.available, items: deps.registry().list(req.caller!).map((t) => ({ name: t.name, title: t.title, description: t.description, scope: t.scope })) });
  });
  r.post('/assistant/chat', async (req, res) => {
    const body = parse(AssistantChatRequestSchema, req.body, 'body');
    const abort = new AbortController();
    // A closed tab stops the run between steps instead of spending the rest of the budget.
    res.on('close', () => { if (!res.writableFinished) abort.abort(new AppError('request.invalid', 'client went away')); });
    res.json(await deps.assistant.chat(req.caller!, body, abort.signal));
  });
  r.get('/assistant/prompts', async (req, res) => {
    res.json({ items: await deps.prompts.list(req.caller!) });
  });
  r.post('/assistant/prompts/:id/enable', async (req, res) => {
    res.json(await deps.prompts.setEnabled(parse(IdParams, req.params, 'params').id, true, req.caller!));
  });
  r.post('/assistant/prompts/:id/disable', async (req, res) => {
    res.json(await deps.prompts.setEnabled(parse(IdParams, req.params, 'params').id, false, req.caller!));
  });
  r.post('/assistant/prompts/:id/run', async (req, res) => {
    res.json(await deps.prompts.runNow(parse(IdParams, req.params, 'params').id, req.caller!));
  });
  return r;
}
