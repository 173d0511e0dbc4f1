import { deepEqual, equal, match } from "node:assert/strict";
import type { AwsProvider } from "../../aws/clients.ts";
import type { CallToolResult } from "../../server/mcp.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { copySnapshot } from "./copy_snapshot.ts";

const SOURCE = "snap-0123456789abcdef0";
const COPY = "snap-0123456789abcdef9";
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

type Stub = ReturnType<typeof stubAws>;

// One stub per region, so a test sees which region's client each call went to.
function regional(stubs: Record<string, Stub>, home: string): AwsProvider {
  const pick = (region: string) => {
    const stub = stubs[region];
    if (!stub) throw new Error(`no stub for ${region}`);
    return stub;
  };
  return {
    profile: undefined,
    defaultRegion: () => Promise.resolve(home),
    scope(region, signal) {
      const scope = pick(region).scope(region, signal);
      return {
        ...scope,
        client: (service, other) =>
          pick(other ?? region).scope(other ?? region, signal).client(service),
      };
    },
  };
}

Deno.test("ebs_copy_snapshot checks the source's tag in the source region and copies in the destination", async () => {
  const source = stubAws({
    ec2: {
      describeTags: () => ({ Tags: [{ ResourceId: SOURCE, Key: "owner", Value: "agent" }] }),
    },
  });
  const destination = stubAws({ ec2: { copySnapshot: () => ({ SnapshotId: COPY }) } });
  // The configured region is neither: the call's region argument is the destination.
  const aws = regional({ "eu-west-1": source, "eu-central-1": destination }, "us-east-1");
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [copySnapshot] });
  try {
    const out = await callOk(client, "ebs_copy_snapshot", {
      region: "eu-central-1",
      source_snapshot_id: SOURCE,
      source_region: "eu-west-1",
      description: "DR copy",
      kms_key_id: "alias/dr",
      tags: { purpose: "dr" },
    });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-central-1",
      snapshot_id: COPY,
      source_snapshot_id: SOURCE,
      source_region: "eu-west-1",
      destination_region: "eu-central-1",
    });
    deepEqual(source.calls.map((c) => [c.method, c.input]), [
      ["describeTags", { Filters: [{ Name: "resource-id", Values: [SOURCE] }], MaxResults: 1000 }],
    ]);
    deepEqual(destination.calls.map((c) => [c.method, c.input]), [
      ["copySnapshot", {
        SourceSnapshotId: SOURCE,
        SourceRegion: "eu-west-1",
        Description: "DR copy",
        Encrypted: true,
        KmsKeyId: "alias/dr",
        TagSpecifications: [{
          ResourceType: "snapshot",
          Tags: [{ Key: "purpose", Value: "dr" }, { Key: "owner", Value: "agent" }],
        }],
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_copy_snapshot defaults the source region to the call's and waits with progress", async () => {
  const answers = [{ State: "pending", Progress: "0%" }, { State: "completed", Progress: "100%" }];
  const home = stubAws({
    ec2: {
      copySnapshot: () => ({ SnapshotId: COPY }),
      describeSnapshots: () => ({ Snapshots: [{ SnapshotId: COPY, ...answers.shift() }] }),
    },
  });
  const aws = regional({ "eu-west-1": home }, "eu-west-1");
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [copySnapshot],
    waitIntervalMs: 1,
  });
  try {
    const progress: number[] = [];
    const result = await client.callTool(
      { name: "ebs_copy_snapshot", arguments: { source_snapshot_id: SOURCE, wait: true } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    ) as CallToolResult;
    deepEqual(progress, [0, 100]);
    const out = result.structuredContent as Record<string, unknown>;
    equal(out.source_region, "eu-west-1");
    equal(out.destination_region, "eu-west-1");
    equal(out.state, "completed");
    equal(out.progress, 100);
    deepEqual(home.calls.map((c) => [c.method, c.input]), [
      ["copySnapshot", { SourceSnapshotId: SOURCE, SourceRegion: "eu-west-1", DryRun: false }],
      ["describeSnapshots", { Filters: [{ Name: "snapshot-id", Values: [COPY] }] }],
      ["describeSnapshots", { Filters: [{ Name: "snapshot-id", Values: [COPY] }] }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_copy_snapshot dry run passes DryRun to the destination and waits for nothing", async () => {
  const destination = stubAws({
    ec2: {
      copySnapshot: (input: { DryRun?: boolean }) => {
        throw dryRunError(input.DryRun ? "DryRunOperation" : "Unexpected");
      },
    },
  });
  const aws = regional({ "eu-west-1": stubAws({}), "eu-central-1": destination }, "eu-central-1");
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory: [copySnapshot] });
  try {
    const out = await callOk(client, "ebs_copy_snapshot", {
      source_snapshot_id: SOURCE,
      source_region: "eu-west-1",
      encrypted: true,
      wait: true,
      dry_run: true,
    });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    deepEqual(destination.calls.map((c) => c.input), [{
      SourceSnapshotId: SOURCE,
      SourceRegion: "eu-west-1",
      Encrypted: true,
      DryRun: true,
    }]);
  } finally {
    await close();
  }
});

Deno.test("ebs_copy_snapshot names bad input: ids, regions, a key with encrypted false", async () => {
  const aws = regional({ "eu-west-1": stubAws({}) }, "eu-west-1");
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory: [copySnapshot] });
  try {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { source_snapshot_id: "snap-1" },
        /^InvalidInput: source_snapshot_id: expected an id like snap-/,
      ],
      [
        { source_snapshot_id: SOURCE, source_region: "mars-1" },
        /^InvalidInput: source_region: unknown region "mars-1"/,
      ],
      [
        { source_snapshot_id: SOURCE, kms_key_id: "alias/x", encrypted: false },
        /^InvalidInput: encrypted: must not be false with kms_key_id/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await call(client, "ebs_copy_snapshot", args);
      equal(result.isError, true, JSON.stringify(args));
      match(text(result), expected);
    }
  } finally {
    await close();
  }
});
