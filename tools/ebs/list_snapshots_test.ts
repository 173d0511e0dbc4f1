import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listSnapshots } from "./list_snapshots.ts";

const SNAP_A = "snap-0123456789abcdef0";
const SNAP_B = "snap-0123456789abcdef1";
const SNAP_C = "snap-0123456789abcdef2";
const VOLUME = "vol-0123456789abcdef0";

const snapshots = [
  {
    SnapshotId: SNAP_A,
    VolumeId: VOLUME,
    VolumeSize: 8,
    State: "completed",
    Progress: "100%",
    StartTime: new Date("2026-01-01T00:00:00.000Z"),
    Encrypted: true,
    Description:
      "Nightly backup of the web root volume, kept for thirty days by the lifecycle policy",
    OwnerId: "123456789012",
    Tags: [{ Key: "Name", Value: "web-nightly" }],
  },
  {
    SnapshotId: SNAP_B,
    VolumeId: VOLUME,
    VolumeSize: 8,
    State: "pending",
    Progress: "37%",
    Encrypted: false,
    Description: "",
    OwnerId: "801119661308",
    OwnerAlias: "amazon",
  },
  { SnapshotId: SNAP_C, State: "completed", Description: "nightly db", Encrypted: false },
];

Deno.test("ebs_list_snapshots lists your own by default as compact rows", async () => {
  const aws = stubAws({ ec2: { describeSnapshots: () => ({ Snapshots: snapshots }) } });
  const { client, close } = await connect({}, { aws, inventory: [listSnapshots] });
  try {
    const out = await callOk(client, "ebs_list_snapshots", {
      volume_id: VOLUME,
      states: ["completed", "pending"],
      tags: { team: "web", backup: "*" },
    });
    deepEqual(out.snapshots, [
      {
        id: SNAP_A,
        name: "web-nightly",
        volume_id: VOLUME,
        size_gib: 8,
        state: "completed",
        progress: 100,
        started: "2026-01-01T00:00:00.000Z",
        encrypted: true,
        description: "Nightly backup of the web root volume, kept for thirty days…",
        owner: "123456789012",
      },
      {
        id: SNAP_B,
        volume_id: VOLUME,
        size_gib: 8,
        state: "pending",
        progress: 37,
        encrypted: false,
        owner: "amazon",
      },
      { id: SNAP_C, state: "completed", encrypted: false, description: "nightly db" },
    ]);
    equal(out.next_token, undefined);
    deepEqual(aws.calls.map((c) => c.input), [{
      OwnerIds: ["self"],
      Filters: [
        { Name: "volume-id", Values: [VOLUME] },
        { Name: "status", Values: ["completed", "pending"] },
        { Name: "tag:team", Values: ["web"] },
        { Name: "tag-key", Values: ["backup"] },
      ],
      MaxResults: 1000,
    }]);
  } finally {
    await close();
  }
});

Deno.test("ebs_list_snapshots by id asks for those ids of any owner, or the owners given", async () => {
  const aws = stubAws({ ec2: { describeSnapshots: () => ({ Snapshots: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [listSnapshots] });
  try {
    await callOk(client, "ebs_list_snapshots", { snapshot_ids: [SNAP_A] });
    await callOk(client, "ebs_list_snapshots", { owners: ["amazon", "123456789012"] });
    deepEqual(aws.calls.map((c) => c.input), [
      { SnapshotIds: [SNAP_A] },
      { OwnerIds: ["amazon", "123456789012"], MaxResults: 1000 },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_list_snapshots filters descriptions client-side and pages deterministically", async () => {
  const pages: Record<string, { Snapshots: typeof snapshots; NextToken?: string }> = {
    first: { Snapshots: snapshots, NextToken: "aws-2" },
    "aws-2": {
      Snapshots: [{
        SnapshotId: "snap-0123456789abcdef3",
        State: "completed",
        Description: "NIGHTLY logs",
        Encrypted: false,
      }],
    },
  };
  const aws = stubAws({
    ec2: {
      describeSnapshots: (input: { NextToken?: string }) => pages[input.NextToken ?? "first"],
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listSnapshots] });
  try {
    const args = { description_contains: "Nightly", max_results: 2 };
    const first = await callOk<{ snapshots: { id: string }[]; next_token?: string }>(
      client,
      "ebs_list_snapshots",
      args,
    );
    deepEqual(first.snapshots.map((s) => s.id), [SNAP_A, SNAP_C]);
    ok(first.next_token);
    const second = await callOk<{ snapshots: { id: string }[]; next_token?: string }>(
      client,
      "ebs_list_snapshots",
      { ...args, next_token: first.next_token },
    );
    deepEqual(second.snapshots.map((s) => s.id), ["snap-0123456789abcdef3"]);
    equal(second.next_token, undefined);
    const changed = await call(client, "ebs_list_snapshots", {
      description_contains: "db",
      max_results: 2,
      next_token: first.next_token,
    });
    match(text(changed), /^InvalidInput: next_token: issued for different filters/);
  } finally {
    await close();
  }
});

Deno.test("ebs_list_snapshots names bad owners, states and ids", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [listSnapshots] });
  try {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { owners: ["me"] },
        /^InvalidInput: owners\.0: expected self, amazon, aws-marketplace or a 12-digit account id/,
      ],
      [
        { states: ["done"] },
        /^InvalidInput: states\.0: Invalid option: expected one of "pending"\|"completed"/,
      ],
      [
        { snapshot_ids: ["vol-0123456789abcdef0"] },
        /^InvalidInput: snapshot_ids\.0: expected an id like snap-/,
      ],
      [
        { volume_id: "snap-0123456789abcdef0" },
        /^InvalidInput: volume_id: expected an id like vol-/,
      ],
      [{ max_results: 201 }, /^InvalidInput: max_results: Too big/],
    ];
    for (const [args, expected] of cases) {
      const result = await call(client, "ebs_list_snapshots", args);
      equal(result.isError, true, JSON.stringify(args));
      match(text(result), expected);
    }
  } finally {
    await close();
  }
});
