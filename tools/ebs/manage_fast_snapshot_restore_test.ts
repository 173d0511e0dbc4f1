import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { manageFastSnapshotRestore, restoreRows } from "./manage_fast_snapshot_restore.ts";

const SNAP_A = "snap-0123456789abcdef0";
const SNAP_B = "snap-0123456789abcdef1";
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

Deno.test("ebs_manage_fast_snapshot_restore enables and reports each snapshot × zone", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({
        Tags: [SNAP_A, SNAP_B].map((ResourceId) => ({ ResourceId, Key: "owner", Value: "agent" })),
      }),
      enableFastSnapshotRestores: () => ({
        Successful: [
          { SnapshotId: SNAP_A, AvailabilityZone: "eu-west-1a", State: "enabling" },
          { SnapshotId: SNAP_A, AvailabilityZone: "eu-west-1b", State: "enabling" },
          { SnapshotId: SNAP_B, AvailabilityZone: "eu-west-1a", State: "enabled" },
        ],
        Unsuccessful: [{
          SnapshotId: SNAP_B,
          FastSnapshotRestoreStateErrors: [{
            AvailabilityZone: "eu-west-1b",
            Error: { Code: "InsufficientCapacity", Message: "Try again\n later." },
          }],
        }],
      }),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [manageFastSnapshotRestore] });
  try {
    const out = await callOk(client, "ebs_manage_fast_snapshot_restore", {
      region: "eu-west-1",
      action: "enable",
      snapshot_ids: [SNAP_A, SNAP_B],
      zones: ["eu-west-1a", "eu-west-1b"],
    });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      action: "enable",
      results: [
        { snapshot_id: SNAP_A, zone: "eu-west-1a", state: "enabling" },
        { snapshot_id: SNAP_A, zone: "eu-west-1b", state: "enabling" },
        { snapshot_id: SNAP_B, zone: "eu-west-1a", state: "enabled" },
        {
          snapshot_id: SNAP_B,
          zone: "eu-west-1b",
          error: "InsufficientCapacity: Try again later.",
        },
      ],
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [SNAP_A, SNAP_B] }],
        MaxResults: 1000,
      }],
      ["enableFastSnapshotRestores", {
        SourceSnapshotIds: [SNAP_A, SNAP_B],
        AvailabilityZones: ["eu-west-1a", "eu-west-1b"],
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_manage_fast_snapshot_restore disables with DisableFastSnapshotRestores, dry run included", async () => {
  const aws = stubAws({
    ec2: {
      disableFastSnapshotRestores: (input: { DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation");
        return {
          Successful: [{ SnapshotId: SNAP_A, AvailabilityZone: "us-east-1a", State: "disabling" }],
        };
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [manageFastSnapshotRestore],
  });
  try {
    const args = { action: "disable", snapshot_ids: [SNAP_A], zones: ["us-east-1a"] };
    const dry = await callOk(client, "ebs_manage_fast_snapshot_restore", {
      ...args,
      dry_run: true,
    });
    equal((dry.dry_run as { would_succeed: boolean }).would_succeed, true);
    const out = await callOk(client, "ebs_manage_fast_snapshot_restore", args);
    deepEqual(out.results, [{ snapshot_id: SNAP_A, zone: "us-east-1a", state: "disabling" }]);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["disableFastSnapshotRestores", {
        SourceSnapshotIds: [SNAP_A],
        AvailabilityZones: ["us-east-1a"],
        DryRun: true,
      }],
      ["disableFastSnapshotRestores", {
        SourceSnapshotIds: [SNAP_A],
        AvailabilityZones: ["us-east-1a"],
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_manage_fast_snapshot_restore names bad input and zones of another region", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [manageFastSnapshotRestore],
  });
  try {
    const base = { action: "enable", snapshot_ids: [SNAP_A], zones: ["us-east-1a"] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { ...base, action: "toggle" },
        /^InvalidInput: action: Invalid option: expected one of "enable"\|"disable"/,
      ],
      [
        { ...base, zones: ["east"] },
        /^InvalidInput: zones\.0: expected an Availability Zone name such as us-east-1a/,
      ],
      [{ ...base, zones: [] }, /^InvalidInput: zones: Too small/],
      [
        { ...base, snapshot_ids: ["ami-0123456789abcdef0"] },
        /^InvalidInput: snapshot_ids\.0: expected an id like snap-/,
      ],
      [
        { ...base, zones: ["us-east-1a", "eu-west-1a"] },
        /^InvalidInput: zones: eu-west-1a not in us-east-1 — pass zones of the call's region/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await call(client, "ebs_manage_fast_snapshot_restore", args);
      equal(result.isError, true, JSON.stringify(args));
      match(text(result), expected);
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("restoreRows reports a pair AWS said nothing about instead of dropping it", () => {
  deepEqual(
    restoreRows([SNAP_A], ["us-east-1a", "us-east-1b"], {
      Successful: [{ SnapshotId: SNAP_A, AvailabilityZone: "us-east-1a", State: "enabled" }],
    }),
    [
      { snapshot_id: SNAP_A, zone: "us-east-1a", state: "enabled" },
      { snapshot_id: SNAP_A, zone: "us-east-1b", error: "not reported by AWS" },
    ],
  );
});
