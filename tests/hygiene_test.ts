import { equal, match, ok, rejects } from "node:assert/strict";
import { listInstances } from "../tools/ec2/list_instances.ts";
import { createSecurityGroup } from "../tools/ec2/create_security_group.ts";
import { call, connect, stubAws, text } from "./_helpers.ts";

const inventory = [listInstances, createSecurityGroup];

Deno.test("an error echoes at most a short prefix of a huge input", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const huge = "x".repeat(100_000);
    for (const args of [{ region: huge }, { regions: [huge] }, { max_results: huge }]) {
      const result = await call(client, "ec2_list_instances", args);
      equal(result.isError, true);
      match(text(result), /^InvalidInput: /);
      ok(text(result).length < 1_500, `${text(result).length} characters came back`);
      ok(!text(result).includes("x".repeat(100)));
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("a lone UTF-16 surrogate is InvalidInput naming the field, not URIError", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const result = await call(client, "ec2_create_security_group", {
      group_name: "web\uD800",
      description: "ok",
    });
    equal(result.isError, true);
    match(text(result), /^InvalidInput: group_name: contains a lone UTF-16 surrogate/);
    const nested = await call(client, "ec2_list_instances", { tags: { ["k\uDC00"]: "v" } });
    match(text(nested), /^InvalidInput: tags: contains a lone UTF-16 surrogate/);
    equal(aws.calls.length, 0, "nothing reached AWS");
  } finally {
    await close();
  }
});

Deno.test("arguments that are not an object are -32602, not an internal error", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory });
  try {
    for (const bad of ["x", [1, 2], 7]) {
      await rejects(
        client.callTool({ name: "ec2_list_instances", arguments: bad as never }),
        (err: { code?: number; message?: string }) => {
          equal(err.code, -32602);
          match(err.message ?? "", /arguments/);
          return true;
        },
      );
    }
  } finally {
    await close();
  }
});
