import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { modifyMetadataOptions } from "../tools/ec2/modify_metadata_options.ts";
import { type AuditEntry, auditLine, AuditLog, MAX_LINE_BYTES, redact } from "./audit.ts";

const entry = (args: unknown): AuditEntry => ({
  time: "t",
  phase: "outcome",
  call: "c",
  tool: "x",
  region: "r",
  account: "a",
  arguments: args,
  outcome: "ok",
  confirmation: "not_required",
});

Deno.test("the audit log's directory is created 0700 and the file 0600 at open", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const log = new AuditLog(`${dir}/state/aws-mcp/audit.jsonl`);
    await log.open();
    equal((await Deno.stat(`${dir}/state/aws-mcp`)).mode! & 0o777, 0o700);
    equal((await Deno.stat(log.path)).mode! & 0o777, 0o600);
    await log.record(entry({ password: "p" }));
    equal(JSON.parse(await Deno.readTextFile(log.path)).arguments.password, "[REDACTED]");
    await log.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a symlink, a directory or an uncreatable path is refused as the audit log", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/target`, "");
    await Deno.symlink(`${dir}/target`, `${dir}/link.jsonl`);
    await rejects(new AuditLog(`${dir}/link.jsonl`).open(), /is a symlink/);
    await Deno.mkdir(`${dir}/adir`);
    await rejects(new AuditLog(`${dir}/adir`).open(), /is not a regular file/);
    await rejects(new AuditLog(`${dir}/target/audit.jsonl`).open(), /cannot create its directory/);
    equal(await Deno.readTextFile(`${dir}/target`), "", "the symlink's target is untouched");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("enum, boolean and number fields are logged as given, free text is redacted", () => {
  const args = { instance_id: "i-1", http_tokens: "required", hop_limit: 2, token_note: "x" };
  deepEqual(redact(args, "", modifyMetadataOptions.input), {
    instance_id: "i-1",
    http_tokens: "required",
    hop_limit: 2,
    token_note: "[REDACTED]",
  });
  // Without the schema a secret-named field is redacted whatever it holds.
  equal((redact(args) as { http_tokens: string }).http_tokens, "[REDACTED]");
});

Deno.test("an audit line is bounded: oversized arguments are replaced by their size", () => {
  const line = auditLine(entry({ tags: { big: "x".repeat(100_000) } }));
  ok(new TextEncoder().encode(line).length <= MAX_LINE_BYTES);
  const parsed = JSON.parse(line);
  equal(parsed.arguments.truncated, true);
  ok(parsed.arguments.bytes > 100_000);
  match(auditLine(entry({ id: "i-1" })), /"id":"i-1"/);
});
