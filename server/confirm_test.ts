import { equal } from "node:assert/strict";
import { type Asker, askHuman } from "./confirm.ts";

const answering = (
  elicitation: boolean | undefined,
  answer: () => Promise<{ action: string; content?: Record<string, unknown> }>,
  asked: string[] = [],
): Asker => ({
  elicitation,
  elicit: (message) => {
    asked.push(message);
    return answer();
  },
});
const methodNotFound = () => Promise.reject(Object.assign(new Error("nope"), { code: -32601 }));

Deno.test("askHuman fails closed when the client cannot ask, unless confirmation is waived", async () => {
  const asked: string[] = [];
  const never = answering(false, () => Promise.resolve({ action: "accept" }), asked);
  equal(await askHuman(never, "Delete x", false), "unsupported");
  equal(await askHuman(never, "Delete x", true), "waived");
  equal(asked.length, 0);
});

Deno.test("askHuman counts an HTTP method-not-found answer as cancelled, or waived", async () => {
  equal(await askHuman(answering(undefined, methodNotFound), "Delete x", false), "cancelled");
  equal(await askHuman(answering(undefined, methodNotFound), "Delete x", true), "waived");
  // A client that declared elicitation and then fails to answer has not consented.
  equal(await askHuman(answering(true, methodNotFound), "Delete x", true), "cancelled");
  const timeout = () => Promise.reject(new Error("timed out"));
  equal(await askHuman(answering(undefined, timeout), "Delete x", true), "cancelled");
});

Deno.test("askHuman maps the answers and sends a sanitised single line", async () => {
  const asked: string[] = [];
  const yes = answering(
    true,
    () => Promise.resolve({ action: "accept", content: { confirm: true } }),
    asked,
  );
  equal(await askHuman(yes, "Delete i-1\n\u001b[1A\u202eok", false), "accepted");
  equal(asked[0], "Delete i-1 ok");
  const unticked = answering(true, () => Promise.resolve({ action: "accept", content: {} }));
  equal(await askHuman(unticked, "x", false), "declined");
  equal(
    await askHuman(answering(true, () => Promise.resolve({ action: "decline" })), "x", false),
    "declined",
  );
  equal(
    await askHuman(answering(true, () => Promise.resolve({ action: "cancel" })), "x", false),
    "cancelled",
  );
});
