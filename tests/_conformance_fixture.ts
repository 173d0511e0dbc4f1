/**
 * The MCP conformance suite's own test tools and prompt, on the server's SDK (server/mcp.ts) and
 * served by server/http.ts: a fixture for the 2026-07-28 scenarios that need them. The product
 * never registers any of this; the suite's names and questions are its own.
 */
import {
  acceptedContent,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  Server,
  type ServerContext,
  type Tool,
} from "../server/mcp.ts";
import type { ServerFactory } from "../server/server.ts";

const NAMES = [
  "test_input_required_result_elicitation",
  "test_input_required_result_sampling",
  "test_input_required_result_list_roots",
  "test_input_required_result_request_state",
  "test_input_required_result_multiple_inputs",
  "test_input_required_result_multi_round",
  "test_input_required_result_tampered_state",
  "test_input_required_result_capabilities",
  "test_missing_capability",
  "test_streaming_elicitation",
  "test_logging_tool",
];

const TOOLS: Tool[] = NAMES.map((name) => ({
  name,
  description: `Conformance fixture: ${name}`,
  inputSchema: { type: "object", properties: {} },
}));

const form = (message: string, key: string, type: "string" | "boolean") =>
  inputRequired.elicit({
    message,
    requestedSchema: {
      type: "object",
      properties: { [key]: type === "string" ? { type: "string" } : { type: "boolean" } },
      required: [key],
    },
  });

const ask = (question: string) =>
  inputRequired.createMessage({
    messages: [{ role: "user", content: { type: "text", text: question } }],
    maxTokens: 100,
  });

const text = (line: string) => ({ content: [{ type: "text" as const, text: line }] });

type State = { step: number; name?: string };

/** A factory of fixture servers sharing one requestState key. */
export function conformanceFixture(): ServerFactory {
  const codec = createRequestStateCodec<State>({
    key: crypto.getRandomValues(new Uint8Array(32)),
  });
  return () => {
    const server = new Server(
      { name: "aws-mcp-conformance-fixture", version: "0.0.0" },
      {
        capabilities: { tools: {}, prompts: {}, logging: {} },
        requestState: { verify: codec.verify },
      },
    );
    const call = async (name: string, ctx: ServerContext) => {
      const responses = ctx.mcpReq.inputResponses;
      const state = ctx.mcpReq.requestState<State>();
      switch (name) {
        case "test_input_required_result_elicitation":
        case "test_streaming_elicitation": {
          const answer = acceptedContent<{ name?: unknown }>(responses, "user_name");
          if (typeof answer?.name === "string") return text(`Hello, ${answer.name}!`);
          return inputRequired({
            inputRequests: { user_name: form("What is your name?", "name", "string") },
          });
        }
        case "test_input_required_result_sampling": {
          const view = inputResponse(responses, "capital_question");
          if (view.kind === "sampling") {
            const content = view.result.content;
            return text(
              `The model said: ${
                !Array.isArray(content) && content.type === "text" ? content.text : "(no text)"
              }`,
            );
          }
          return inputRequired({
            inputRequests: { capital_question: ask("What is the capital of France?") },
          });
        }
        case "test_input_required_result_list_roots": {
          const view = inputResponse(responses, "client_roots");
          if (view.kind === "roots") {
            return text(`Roots: ${view.roots.map((r) => r.uri).join(", ")}`);
          }
          return inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
        }
        case "test_input_required_result_request_state":
        case "test_input_required_result_tampered_state": {
          // The state reaches here only when the codec verified it.
          if (state?.step === 1 && acceptedContent(responses, "confirm")) {
            return text("state-ok: the request state was verified");
          }
          return inputRequired({
            inputRequests: { confirm: form("Please confirm", "ok", "boolean") },
            requestState: await codec.mint({ step: 1 }, ctx),
          });
        }
        case "test_input_required_result_multiple_inputs": {
          const name = acceptedContent(responses, "user_name");
          const greeting = inputResponse(responses, "greeting");
          const roots = inputResponse(responses, "client_roots");
          if (state?.step === 1 && name && greeting.kind === "sampling" && roots.kind === "roots") {
            return text("All three answers arrived");
          }
          return inputRequired({
            inputRequests: {
              user_name: form("What is your name?", "name", "string"),
              greeting: ask("Say hello"),
              client_roots: inputRequired.listRoots(),
            },
            requestState: await codec.mint({ step: 1 }, ctx),
          });
        }
        case "test_input_required_result_multi_round": {
          const step1 = acceptedContent<{ name?: unknown }>(responses, "step1");
          const step2 = acceptedContent<{ color?: unknown }>(responses, "step2");
          if (state?.step === 2 && typeof step2?.color === "string") {
            return text(`${state.name ?? "You"} likes ${step2.color}`);
          }
          if (state?.step === 1 && typeof step1?.name === "string") {
            return inputRequired({
              inputRequests: {
                step2: form("Step 2: What is your favorite color?", "color", "string"),
              },
              requestState: await codec.mint({ step: 2, name: step1.name }, ctx),
            });
          }
          return inputRequired({
            inputRequests: { step1: form("Step 1: What is your name?", "name", "string") },
            requestState: await codec.mint({ step: 1 }, ctx),
          });
        }
        case "test_input_required_result_capabilities": {
          if (responses && Object.keys(responses).length) return text("Thanks");
          const declared = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[
            CLIENT_CAPABILITIES_META_KEY
          ] as ClientCapabilities | undefined;
          const requests = {
            ...(declared?.elicitation ? { user_name: form("Your name?", "name", "string") } : {}),
            ...(declared?.sampling ? { greeting: ask("Say hello") } : {}),
            ...(declared?.roots ? { client_roots: inputRequired.listRoots() } : {}),
          };
          if (!Object.keys(requests).length) return text("Nothing to ask this client");
          return inputRequired({ inputRequests: requests });
        }
        case "test_missing_capability":
          // Needs sampling: the SDK refuses (-32021) a client that did not declare it.
          return inputRequired({ inputRequests: { greeting: ask("Say hello") } });
        case "test_logging_tool":
          // Sent only when the request's envelope sets a log level.
          await ctx.mcpReq.log("info", "a log line from the fixture");
          return text("Logged");
        default:
          return { isError: true, ...text(`Unknown tool: ${name}`) };
      }
    };
    server.setRequestHandler("tools/list", () => ({ tools: TOOLS }));
    server.setRequestHandler("tools/call", (request, ctx) => call(request.params.name, ctx));
    server.setRequestHandler("prompts/list", () => ({
      prompts: [{ name: "test_input_required_result_prompt", description: "Asks for context" }],
    }));
    server.setRequestHandler("prompts/get", (_request, ctx) => {
      const answer = acceptedContent<{ context?: unknown }>(
        ctx.mcpReq.inputResponses,
        "user_context",
      );
      if (typeof answer?.context === "string") {
        return {
          messages: [{
            role: "user" as const,
            content: { type: "text" as const, text: `Context: ${answer.context}` },
          }],
        };
      }
      return inputRequired({
        inputRequests: {
          user_context: form("What context should the prompt use?", "context", "string"),
        },
      });
    });
    return server;
  };
}
