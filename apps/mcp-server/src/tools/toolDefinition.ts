import type { ContentBlock, ToolAnnotations } from '@modelcontextprotocol/server';
import type { Logger } from '@nc-mcp/logger';
import type { NextcloudSession } from '@nc-mcp/nextcloud';
import type { z } from 'zod';
import type { BackgroundCall } from '../background/backgroundSync.js';
import type { ProvisioningAccess } from '../provisioning/provisioningAccess.js';
import type { FamilyName } from './families.js';
import type { OpenUrlOutcome, OpenUrlRequired } from './openUrl.js';
import type { Scope } from './scopes.js';

/** What a tool handler gets besides its input: a Nextcloud session for this call, and a logger. */
export interface ToolContext {
  nextcloud: NextcloudSession;
  logger: Logger;
  /**
   * How the user answered this call's earlier request to open a URL (see {@link OpenUrlRequired}),
   * when the client retried the call with the answer (2026-07-28); `undefined` otherwise.
   */
  openedUrl(key: string): OpenUrlOutcome;
  /**
   * Adds a content block after the result's JSON text, for what does not belong in the structured output
   * (an image, a file blob, a resource link). Absent where nothing collects content (unit tests).
   */
  attachContent?(block: ContentBlock): void;
  /** Flow 2 for the caller, when this server offers progressive consent. */
  provisioning?: ProvisioningAccess;
  /** Background sync for the caller (their index rows, their queue), when this server offers it. */
  background?: BackgroundCall;
  /** The scopes the caller's token holds. */
  grantedScopes?: readonly string[];
  /**
   * A Nextcloud session for other scopes than the tool's own (within the token's), for a tool whose
   * work spans families — e.g. re-checking search hits of notes and of files.
   */
  sessionWith?(scopes: readonly string[]): NextcloudSession;
}

/** One MCP tool: metadata, the scopes it needs, its schemas, and what it does. */
export interface ToolDefinition<
  I extends z.ZodRawShape = z.ZodRawShape,
  O extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  title: string;
  description: string;
  /** The family the tool belongs to: it is offered only when the family is enabled and its app present. */
  family: FamilyName;
  scopes: readonly Scope[];
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  run(input: z.infer<z.ZodObject<I>>, context: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
  /**
   * The content blocks for clients that read `content` rather than the structured output; without
   * it, the output as one JSON text block. Attached content follows either way.
   */
  contentOf?(output: z.infer<z.ZodObject<O>>): ContentBlock[];
}

/** Declares a tool with its input and output types inferred from the schemas. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}

/** A tool whose schema types have been erased, for the catalogue. */
// biome-ignore lint/suspicious/noExplicitAny: the catalogue holds tools of many different shapes.
export type AnyToolDefinition = ToolDefinition<any, any>;
