import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { AwsProvider, AwsScope } from "../aws/clients.ts";
import { call, callOk, connect, text } from "../tests/_helpers.ts";
import { collectRows, groupRows, project } from "./shape.ts";

interface Volume {
  VolumeId: string;
  Size: number;
  VolumeType: string;
  State: string;
  AvailabilityZone: string;
}

const volume = (region: string, n: number, state: string, size: number): Volume => ({
  VolumeId: `vol-${region === "eu-west-1" ? "a" : "b"}${String(n).padStart(7, "0")}`,
  Size: size,
  VolumeType: n % 2 ? "gp3" : "gp2",
  State: state,
  AvailabilityZone: `${region}a`,
});

/** An AWS whose regions hold volumes; DescribeVolumes pages by 2 and fails on unknown ids. */
function volumeAws(volumes: Record<string, Volume[]>, nameAll = false) {
  const calls: Record<string, unknown>[] = [];
  const aws: AwsProvider = {
    profile: undefined,
    defaultRegion: () => Promise.resolve("eu-west-1"),
    scope(region: string): AwsScope {
      const ec2 = {
        describeVolumes: (req: { VolumeIds?: string[]; NextToken?: string }) => {
          calls.push({ region, ...req });
          const all = volumes[region] ?? [];
          if (req.VolumeIds) {
            const unknown = req.VolumeIds.filter((id) => !all.some((v) => v.VolumeId === id));
            if (unknown.length) {
              // AWS names the first missing id only, so the server may need several rounds; an
              // emulator may name every id asked.
              const named = nameAll ? req.VolumeIds.join(", ") : unknown[0];
              return Promise.reject(
                Object.assign(new Error(`The volume '${named}' does not exist.`), {
                  name: "InvalidVolume.NotFound",
                  $fault: "client",
                }),
              );
            }
            return Promise.resolve({
              Volumes: all.filter((v) => req.VolumeIds!.includes(v.VolumeId)),
            });
          }
          const start = Number(req.NextToken ?? 0);
          const next = start + 2 < all.length ? String(start + 2) : undefined;
          return Promise.resolve({ Volumes: all.slice(start, start + 2), NextToken: next });
        },
      };
      return {
        region,
        client: () => Promise.resolve(ec2 as never),
        identity: () => Promise.resolve({ account: "123456789012", arn: "arn", userId: "u" }),
      };
    },
  };
  return { aws, calls };
}

const estate = {
  "eu-west-1": [
    volume("eu-west-1", 1, "in-use", 8),
    volume("eu-west-1", 2, "available", 100),
    volume("eu-west-1", 3, "in-use", 8),
    volume("eu-west-1", 4, "available", 20),
    volume("eu-west-1", 5, "in-use", 30),
  ],
  "eu-west-2": [volume("eu-west-2", 1, "available", 50)],
};

Deno.test("fields keeps the chosen columns and always the id", async () => {
  const { aws } = volumeAws(estate);
  const { client, close } = await connect({}, { aws });
  try {
    const out = await callOk<{ volumes: Record<string, unknown>[] }>(
      client,
      "ebs_describe_volumes",
      { fields: ["size_gib"], max_results: 2 },
    );
    deepEqual(out.volumes, [
      { id: "vol-a0000001", size_gib: 8 },
      { id: "vol-a0000002", size_gib: 100 },
    ]);
    const bad = await call(client, "ebs_describe_volumes", { fields: ["size"] });
    match(text(bad), /^InvalidInput: fields\.0: unknown column "size"; expected one of id, name/);
  } finally {
    await close();
  }
});

Deno.test("group_by counts and sums over every matching row, across pages and regions", async () => {
  const { aws } = volumeAws(estate);
  const { client, close } = await connect({}, { aws });
  try {
    const one = await call(client, "ebs_describe_volumes", {
      group_by: ["state"],
      fields: ["size_gib"],
    });
    const data = one.structuredContent as { groups: unknown[]; region: string; volumes?: unknown };
    // Five volumes over three AWS pages of two: all are counted, none is listed.
    deepEqual(data.groups, [
      { state: "in-use", count: 3, size_gib: 46 },
      { state: "available", count: 2, size_gib: 120 },
    ]);
    equal(data.region, "eu-west-1");
    equal(data.volumes, undefined);

    const both = await callOk<{ groups: unknown[]; region: string }>(
      client,
      "ebs_describe_volumes",
      { regions: ["eu-west-1", "eu-west-2"], group_by: ["region", "state"], fields: ["size_gib"] },
    );
    deepEqual(both.groups, [
      { region: "eu-west-1", state: "in-use", count: 3, size_gib: 46 },
      { region: "eu-west-1", state: "available", count: 2, size_gib: 120 },
      { region: "eu-west-2", state: "available", count: 1, size_gib: 50 },
    ]);
    equal(both.region, "eu-west-1,eu-west-2");

    // Without fields every numeric column is summed; groups page like rows.
    const first = await callOk<{ groups: Record<string, unknown>[]; next_token?: string }>(
      client,
      "ebs_describe_volumes",
      { regions: ["eu-west-1", "eu-west-2"], group_by: ["type"], max_results: 1 },
    );
    deepEqual(first.groups, [{ type: "gp3", count: 4, size_gib: 96 }]);
    ok(first.next_token);
    const second = await callOk<{ groups: Record<string, unknown>[]; next_token?: string }>(
      client,
      "ebs_describe_volumes",
      {
        regions: ["eu-west-1", "eu-west-2"],
        group_by: ["type"],
        max_results: 1,
        next_token: first.next_token,
      },
    );
    deepEqual(second.groups.map((g) => [g.type, g.count]), [["gp2", 2]]);
    equal(second.next_token, undefined);

    const bad = await call(client, "ebs_describe_volumes", { group_by: ["colour"] });
    match(
      text(bad),
      /^InvalidInput: group_by\.0: unknown column "colour"; expected one of .*region/,
    );
  } finally {
    await close();
  }
});

Deno.test("an id list answers the ids that exist and lists the others in not_found", async () => {
  const { aws } = volumeAws(estate);
  const { client, close } = await connect({}, { aws });
  try {
    const out = await callOk<{ volumes: { id: string }[]; not_found?: string[] }>(
      client,
      "ebs_describe_volumes",
      { volume_ids: ["vol-a0000001", "vol-0000000a", "vol-a0000003", "vol-0000000b"] },
    );
    deepEqual(out.volumes.map((v) => v.id), ["vol-a0000001", "vol-a0000003"]);
    deepEqual(out.not_found, ["vol-0000000a", "vol-0000000b"]);

    const none = await callOk<{ volumes: unknown[]; not_found?: string[] }>(
      client,
      "ebs_describe_volumes",
      { volume_ids: ["vol-0000000a"] },
    );
    deepEqual(none, {
      account: "123456789012",
      region: "eu-west-1",
      volumes: [],
      not_found: ["vol-0000000a"],
    });

    // Over regions, an id is missing only when no region has it.
    const spread = await callOk<{ regions: { region: string }[]; not_found?: string[] }>(
      client,
      "ebs_describe_volumes",
      { regions: ["eu-west-1", "eu-west-2"], volume_ids: ["vol-a0000001", "vol-0000000a"] },
    );
    deepEqual(spread.not_found, ["vol-0000000a"]);
  } finally {
    await close();
  }
});

Deno.test("an error naming every id asked reports only the missing ones", async () => {
  const { aws } = volumeAws(estate, true);
  const { client, close } = await connect({}, { aws });
  try {
    const out = await callOk<{ volumes: { id: string }[]; not_found?: string[] }>(
      client,
      "ebs_describe_volumes",
      { volume_ids: ["vol-a0000001", "vol-0000000a", "vol-a0000003"] },
    );
    deepEqual(out.volumes.map((v) => v.id), ["vol-a0000001", "vol-a0000003"]);
    deepEqual(out.not_found, ["vol-0000000a"]);
  } finally {
    await close();
  }
});

Deno.test("groupRows counts an array column's row once per value and sums only numbers", () => {
  const rows = [
    { id: "i-1", groups: ["sg-a", "sg-b"], cost: 1.006 },
    { id: "i-2", groups: ["sg-a"], cost: 2 },
    { id: "i-3", groups: [] },
  ];
  deepEqual(groupRows(rows, ["groups"], ["cost"]), [
    { groups: "sg-a", count: 2, cost: 3.01 },
    { groups: "sg-b", count: 1, cost: 1.01 },
    { groups: null, count: 1 },
  ]);
  deepEqual(project(rows, ["cost"], "id"), [
    { id: "i-1", cost: 1.006 },
    { id: "i-2", cost: 2 },
    { id: "i-3" },
  ]);
});

Deno.test("collectRows says when a bound stopped it before the rows ended", async () => {
  let pages = 0;
  const run = (size: number, token: string | undefined) => {
    pages++;
    const start = Number(token ?? 0);
    return Promise.resolve({
      items: Array.from({ length: size }, (_, i) => ({ id: start + i })),
      next_token: String(start + size),
    });
  };
  const out = await collectRows(run, "items", 10, 4);
  equal(out.complete, false);
  equal(out.rows.length, 12);
  equal(pages, 3);
});
