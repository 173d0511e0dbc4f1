/**
 * Context economy: what an agent reads to answer everyday questions through this server, next to
 * what it would read from the AWS CLI's JSON for the same questions.
 *
 * A fresh moto holds a seeded estate (60 instances, 94 volumes, 20 snapshots, 12 security groups,
 * alarms, two regions). Each question has an expected answer (from the seed), a call plan through
 * an MCP client, an answer recomputed from the tool results' text alone (checked against the
 * expected one), and the raw JSON of the AWS calls that answer it: the SDK's output without
 * $metadata, pages merged, printed as `aws --output json` does (4-space indent). Tokens are
 * o200k_base. Run by `deno task bench`; starts and stops its own moto, so the estate is exact.
 */
import type { CloudWatch } from "@aws-sdk/client-cloudwatch";
import type { EC2 } from "@aws-sdk/client-ec2";
import { deepEqual } from "node:assert/strict";
import { withNewMoto } from "./_moto.ts";
import type { Client } from "../tests/_mcp.ts";
import {
  connectMoto,
  motoCloudWatch,
  motoEc2,
  motoImageId,
  tagSpecs,
  text,
} from "../tests/_helpers.ts";
import type { CallToolResult } from "../server/mcp.ts";

// Pinned here rather than in deno.json, which names only what the server loads (tests/deps_test.ts).
const TOKENIZER = "npm:gpt-tokenizer@3.4.0/encoding/o200k_base";
const { countTokens } = await import(TOKENIZER) as { countTokens: (text: string) => number };

const A = "eu-west-1";
const B = "us-east-1";

// ---------------------------------------------------------------------------------------------
// The estate

interface Batch {
  region: string;
  count: number;
  type: "t3.micro" | "t3.small" | "t3.nano" | "m5.large" | "c5.large";
  env: string;
  key?: string;
  groups: string[];
  subnet: string;
  imdsv2: boolean;
  stop: number;
}

/** What the seed made, from which every expected answer follows. */
interface Estate {
  instances: {
    id: string;
    region: string;
    env: string;
    key?: string | undefined;
    groups: string[];
    imdsv2: boolean;
    running: boolean;
    publicIp: boolean;
  }[];
  groups: Record<string, { id: string; region: string; worldOpen: boolean }>;
  subnets: Record<string, { id: string; region: string }>;
  /** Extra (non-root) volumes still there, by region. */
  volumes: { id: string; region: string; size: number; attached: boolean }[];
  snapshots: { id: string; region: string; volumeGone: boolean; backsImage: boolean }[];
  alarms: { name: string; region: string; firing: boolean }[];
  cpuInstance: string;
  cpuAverage: number;
  template: { id: string; type: string; image: string; key: string };
  imageId: Record<string, string>;
}

async function seedRegion(
  ec2: EC2,
  cw: CloudWatch,
  region: string,
  estate: Estate,
  plan: {
    groups: { name: string; open?: { port: number; cidr: string }[] }[];
    keys: string[];
    batches: Omit<Batch, "region">[];
    volumes: { attached: number; available: number; deleted: number };
    snapshots: { ofDeleted: number; ofAttached: number; ofAvailable: number; images: number };
    alarms: { total: number; firing: number };
  },
) {
  const image = await motoImageId(ec2);
  estate.imageId[region] = image;
  const vpc = (await ec2.createVpc({ CidrBlock: "10.0.0.0/16" })).Vpc!.VpcId!;
  for (
    const [name, cidr] of [["s1", "10.0.0.0/24"], ["s2", "10.0.1.0/24"], ["tiny", "10.0.2.0/28"]]
  ) {
    const subnet = (await ec2.createSubnet({
      VpcId: vpc,
      CidrBlock: cidr,
      AvailabilityZone: `${region}a`,
    })).Subnet!.SubnetId!;
    if (name === "s2") {
      await ec2.modifySubnetAttribute({ SubnetId: subnet, MapPublicIpOnLaunch: { Value: true } });
    }
    estate.subnets[`${region}/${name}`] = { id: subnet, region };
  }
  for (const g of plan.groups) {
    const id = (await ec2.createSecurityGroup({
      GroupName: g.name,
      Description: `${g.name} tier`,
      VpcId: vpc,
    })).GroupId!;
    for (const rule of g.open ?? []) {
      await ec2.authorizeSecurityGroupIngress({
        GroupId: id,
        IpPermissions: [{
          IpProtocol: "tcp",
          FromPort: rule.port,
          ToPort: rule.port,
          ...(rule.cidr.includes(":")
            ? { Ipv6Ranges: [{ CidrIpv6: rule.cidr }] }
            : { IpRanges: [{ CidrIp: rule.cidr }] }),
        }],
      });
    }
    const worldOpen = (g.open ?? []).some((r) => r.cidr === "0.0.0.0/0" || r.cidr === "::/0");
    estate.groups[`${region}/${g.name}`] = { id, region, worldOpen };
  }
  for (const key of plan.keys) {
    await ec2.importKeyPair({
      KeyName: key,
      PublicKeyMaterial: new TextEncoder().encode(
        `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKnoDnmHwTuUgwi8J2lZz3iN4vFX6BtYkFUixvbJxNhG ${key}`,
      ),
    });
  }
  const dataTargets: string[] = [];
  for (const batch of plan.batches) {
    const subnet = estate.subnets[`${region}/${batch.subnet}`]!.id;
    const out = await ec2.runInstances({
      ImageId: image,
      InstanceType: batch.type,
      MinCount: batch.count,
      MaxCount: batch.count,
      SubnetId: subnet,
      SecurityGroupIds: batch.groups.map((g) => estate.groups[`${region}/${g}`]!.id),
      ...(batch.key ? { KeyName: batch.key } : {}),
      MetadataOptions: { HttpTokens: batch.imdsv2 ? "required" : "optional" },
      TagSpecifications: tagSpecs("instance", {
        Name: `${batch.env}-${batch.type}`,
        env: batch.env,
      }),
    });
    const ids = (out.Instances ?? []).map((i) => i.InstanceId!);
    const stopped = ids.slice(0, batch.stop);
    if (stopped.length) await ec2.stopInstances({ InstanceIds: stopped });
    const described = await ec2.describeInstances({ InstanceIds: ids });
    for (const i of (described.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      estate.instances.push({
        id: i.InstanceId!,
        region,
        env: batch.env,
        key: batch.key,
        groups: batch.groups.map((g) => estate.groups[`${region}/${g}`]!.id),
        imdsv2: batch.imdsv2,
        running: !stopped.includes(i.InstanceId!),
        publicIp: Boolean(i.PublicIpAddress),
      });
    }
    dataTargets.push(...ids.slice(batch.stop));
  }

  // Volumes beyond the instances' root volumes: attached data disks, spare ones, doomed ones.
  const zone = `${region}a`;
  const make = async (size: number) =>
    (await ec2.createVolume({ AvailabilityZone: zone, Size: size, VolumeType: "gp3" })).VolumeId!;
  const attached: string[] = [];
  for (let n = 0; n < plan.volumes.attached; n++) {
    const id = await make(50 + n);
    await ec2.attachVolume({ VolumeId: id, InstanceId: dataTargets[n]!, Device: "/dev/sdf" });
    attached.push(id);
    estate.volumes.push({ id, region, size: 50 + n, attached: true });
  }
  const available: string[] = [];
  for (let n = 0; n < plan.volumes.available; n++) {
    const id = await make(10 + n * 5);
    available.push(id);
    estate.volumes.push({ id, region, size: 10 + n * 5, attached: false });
  }
  const doomed: string[] = [];
  for (let n = 0; n < plan.volumes.deleted; n++) doomed.push(await make(20));

  const snap = async (volume: string, why: string) =>
    (await ec2.createSnapshot({ VolumeId: volume, Description: `${why} backup of ${volume}` }))
      .SnapshotId!;
  const ofDeleted: string[] = [];
  for (const v of doomed.slice(0, plan.snapshots.ofDeleted)) ofDeleted.push(await snap(v, "old"));
  for (const v of doomed) await ec2.deleteVolume({ VolumeId: v });
  // moto gives a registered image its own snapshot (of a volume it then deletes), whatever
  // mappings the request names: those snapshots back an image; the old ones above back none.
  for (let n = 0; n < plan.snapshots.images; n++) {
    const image = (await ec2.registerImage({
      Name: `golden-${region}-${n}`,
      RootDeviceName: "/dev/xvda",
      Architecture: "x86_64",
      VirtualizationType: "hvm",
    })).ImageId!;
    const described = await ec2.describeImages({ ImageIds: [image] });
    for (const b of described.Images?.[0]?.BlockDeviceMappings ?? []) {
      if (b.Ebs?.SnapshotId) {
        estate.snapshots.push({ id: b.Ebs.SnapshotId, region, volumeGone: true, backsImage: true });
      }
    }
  }
  for (const id of ofDeleted) {
    estate.snapshots.push({ id, region, volumeGone: true, backsImage: false });
  }
  for (const v of attached.slice(0, plan.snapshots.ofAttached)) {
    estate.snapshots.push({
      id: await snap(v, "daily"),
      region,
      volumeGone: false,
      backsImage: false,
    });
  }
  for (const v of available.slice(0, plan.snapshots.ofAvailable)) {
    estate.snapshots.push({
      id: await snap(v, "weekly"),
      region,
      volumeGone: false,
      backsImage: false,
    });
  }

  const watched = estate.instances.filter((i) => i.region === region);
  for (let n = 0; n < plan.alarms.total; n++) {
    const name = `cpu-high-${region}-${n}`;
    await cw.putMetricAlarm({
      AlarmName: name,
      Namespace: "AWS/EC2",
      MetricName: "CPUUtilization",
      Dimensions: [{ Name: "InstanceId", Value: watched[n]!.id }],
      Statistic: "Average",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 80,
      ComparisonOperator: "GreaterThanThreshold",
    });
    const firing = n < plan.alarms.firing;
    await cw.setAlarmState({
      AlarmName: name,
      StateValue: firing ? "ALARM" : "OK",
      StateReason: firing ? "Threshold crossed" : "Back to normal",
    });
    estate.alarms.push({ name, region, firing });
  }
}

async function seed(endpoint: string): Promise<Estate> {
  const estate: Estate = {
    instances: [],
    groups: {},
    subnets: {},
    volumes: [],
    snapshots: [],
    alarms: [],
    cpuInstance: "",
    cpuAverage: 0,
    template: { id: "", type: "", image: "", key: "" },
    imageId: {},
  };
  const world = "0.0.0.0/0";
  await seedRegion(await motoEc2(endpoint, A), await motoCloudWatch(endpoint, A), A, estate, {
    groups: [
      { name: "web", open: [{ port: 80, cidr: world }, { port: 443, cidr: world }] },
      { name: "ssh-open", open: [{ port: 22, cidr: world }] },
      { name: "db", open: [{ port: 5432, cidr: "10.0.0.0/16" }] },
      { name: "internal", open: [{ port: 8080, cidr: "10.0.0.0/8" }] },
      { name: "batch" },
      { name: "api-v6", open: [{ port: 8443, cidr: "::/0" }] },
    ],
    keys: ["web-key", "batch-key", "ops-key", "old-key"],
    batches: [
      {
        count: 12,
        type: "t3.micro",
        env: "prod",
        key: "web-key",
        groups: ["web"],
        subnet: "s1",
        imdsv2: true,
        stop: 3,
      },
      {
        count: 8,
        type: "t3.small",
        env: "prod",
        key: "web-key",
        groups: ["web", "ssh-open"],
        subnet: "s2",
        imdsv2: false,
        stop: 0,
      },
      {
        count: 10,
        type: "m5.large",
        env: "staging",
        key: "batch-key",
        groups: ["batch"],
        subnet: "tiny",
        imdsv2: true,
        stop: 2,
      },
      {
        count: 6,
        type: "t3.micro",
        env: "dev",
        key: "ops-key",
        groups: ["internal"],
        subnet: "s1",
        imdsv2: false,
        stop: 6,
      },
      {
        count: 4,
        type: "t3.nano",
        env: "dev",
        groups: ["api-v6", "db"],
        subnet: "s2",
        imdsv2: false,
        stop: 0,
      },
    ],
    volumes: { attached: 14, available: 8, deleted: 4 },
    snapshots: { ofDeleted: 4, ofAttached: 6, ofAvailable: 4, images: 2 },
    alarms: { total: 6, firing: 2 },
  });
  await seedRegion(await motoEc2(endpoint, B), await motoCloudWatch(endpoint, B), B, estate, {
    groups: [
      { name: "web", open: [{ port: 443, cidr: world }] },
      { name: "app", open: [{ port: 8080, cidr: "10.0.0.0/16" }] },
      { name: "db", open: [{ port: 3306, cidr: "10.0.0.0/16" }] },
      { name: "rdp-open", open: [{ port: 3389, cidr: world }] },
      { name: "monitoring", open: [{ port: 9100, cidr: "10.0.0.0/8" }] },
      { name: "empty" },
    ],
    keys: ["web-key", "legacy-key"],
    batches: [
      {
        count: 8,
        type: "t3.micro",
        env: "prod",
        key: "web-key",
        groups: ["web"],
        subnet: "s1",
        imdsv2: true,
        stop: 0,
      },
      {
        count: 9,
        type: "c5.large",
        env: "staging",
        key: "legacy-key",
        groups: ["app", "rdp-open"],
        subnet: "tiny",
        imdsv2: false,
        stop: 2,
      },
      {
        count: 3,
        type: "t3.small",
        env: "dev",
        groups: ["monitoring"],
        subnet: "s1",
        imdsv2: true,
        stop: 0,
      },
    ],
    volumes: { attached: 6, available: 6, deleted: 0 },
    snapshots: { ofDeleted: 0, ofAttached: 3, ofAvailable: 3, images: 0 },
    alarms: { total: 4, firing: 1 },
  });

  // One instance's CPU over the last hour: twelve five-minute samples.
  const cw = await motoCloudWatch(endpoint, A);
  const target = estate.instances.find((i) => i.region === A && i.running)!;
  const values = [12, 18, 25, 31, 40, 22, 15, 60, 45, 33, 28, 19];
  const now = Date.now();
  await cw.putMetricData({
    Namespace: "AWS/EC2",
    MetricData: values.map((v, n) => ({
      MetricName: "CPUUtilization",
      Dimensions: [{ Name: "InstanceId", Value: target.id }],
      Timestamp: new Date(now - (n + 0.5) * 5 * 60_000),
      Value: v,
      Unit: "Percent",
    })),
  });
  estate.cpuInstance = target.id;
  estate.cpuAverage = values.reduce((a, b) => a + b, 0) / values.length;

  const ec2 = await motoEc2(endpoint, A);
  const lt = await ec2.createLaunchTemplate({
    LaunchTemplateName: "web-lt",
    LaunchTemplateData: {
      ImageId: estate.imageId[A],
      InstanceType: "t3.small",
      KeyName: "web-key",
      SecurityGroupIds: [estate.groups[`${A}/web`]!.id],
      MetadataOptions: { HttpTokens: "required" },
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "env", Value: "prod" }] }],
    },
  });
  estate.template = {
    id: lt.LaunchTemplate!.LaunchTemplateId!,
    type: "t3.small",
    image: estate.imageId[A]!,
    key: "web-key",
  };
  return estate;
}

// ---------------------------------------------------------------------------------------------
// The questions

/** What one question's tool calls returned, as the model reads it. */
class Session {
  texts: string[] = [];
  constructor(private client: Client) {}
  /** Calls a tool and returns its text parsed: the answer may use nothing else. */
  async call<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T> {
    const result = await this.client.callTool({ name, arguments: args }) as CallToolResult;
    const body = text(result);
    this.texts.push(body);
    if (result.isError) throw new Error(`${name}: ${body}`);
    return JSON.parse(body) as T;
  }
  /** Every page of a list call. */
  async pages<T = Record<string, unknown>>(
    name: string,
    args: Record<string, unknown>,
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.call<T & { next_token?: string }>(name, {
        ...args,
        ...(token ? { next_token: token } : {}),
      });
      out.push(page);
      token = page.next_token;
    } while (token);
    return out;
  }
}

type Row = Record<string, unknown>;
type Group = Record<string, unknown> & { count: number };

/** Raw AWS answers: the SDK outputs of the calls, pages merged, without $metadata. */
class Raw {
  outputs: unknown[] = [];
  constructor(private endpoint: string) {}
  ec2(region: string) {
    return motoEc2(this.endpoint, region);
  }
  cw(region: string) {
    return motoCloudWatch(this.endpoint, region);
  }
  /** Records a paged call's merged output: list keys concatenated over pages. */
  async paged<T extends object>(fetch: (token: string | undefined) => Promise<T>): Promise<void> {
    let merged: Record<string, unknown> | undefined;
    let token: string | undefined;
    do {
      const { $metadata: _, NextToken, ...page } = await fetch(token) as Record<string, unknown> & {
        NextToken?: string;
      };
      if (!merged) merged = page;
      else {
        for (const [k, v] of Object.entries(page)) {
          if (Array.isArray(v)) merged[k] = [...(merged[k] as unknown[] ?? []), ...v];
        }
      }
      token = NextToken;
    } while (token);
    this.outputs.push(merged);
  }
}

interface Question {
  name: string;
  expected(e: Estate): unknown;
  /** The call plan; returns the answer recomputed from the tool results alone. */
  ask(s: Session, e: Estate): Promise<unknown>;
  /** The AWS CLI calls that answer the same question. */
  raw(r: Raw, e: Estate): Promise<void>;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();
const rowsOf = (page: Row, key: string) => (page[key] as Row[] | undefined) ?? [];

const questions: Question[] = [
  {
    name: "prod instances by state (tag filter)",
    expected: (e) => {
      const prod = e.instances.filter((i) => i.region === A && i.env === "prod");
      return {
        running: prod.filter((i) => i.running).length,
        stopped: prod.filter((i) => !i.running).length,
      };
    },
    ask: async (s) => {
      const out = await s.call<{ groups: Group[] }>("ec2_list_instances", {
        tags: { env: "prod" },
        group_by: ["state"],
      });
      return Object.fromEntries(
        ["running", "stopped"].map((
          st,
        ) => [st, out.groups.find((g) => g.state === st)?.count ?? 0]),
      );
    },
    raw: async (r) => {
      const ec2 = await r.ec2(A);
      await r.paged((t) =>
        ec2.describeInstances({ Filters: [{ Name: "tag:env", Values: ["prod"] }], NextToken: t })
      );
    },
  },
  {
    name: "world-open security groups, both regions",
    expected: (e) => sorted(Object.values(e.groups).filter((g) => g.worldOpen).map((g) => g.id)),
    ask: async (s) => {
      const out = await s.call<{ regions: Row[] }>("ec2_describe_security_groups", {
        regions: [A, B],
        world_open: true,
        fields: ["world_open"],
        max_results: 200,
      });
      return sorted(
        out.regions.flatMap((g) => rowsOf(g, "security_groups").map((r) => r.id as string)),
      );
    },
    raw: async (r) => {
      for (const region of [A, B]) {
        const ec2 = await r.ec2(region);
        await r.paged((t) => ec2.describeSecurityGroups({ NextToken: t }));
      }
    },
  },
  {
    name: "unattached volumes and their GiB",
    expected: (e) => {
      const spare = e.volumes.filter((v) => v.region === A && !v.attached);
      return { ids: sorted(spare.map((v) => v.id)), gib: spare.reduce((a, v) => a + v.size, 0) };
    },
    ask: async (s) => {
      const pages = await s.pages<{ volumes: Row[] }>("ebs_describe_volumes", {
        unattached_only: true,
        fields: ["size_gib"],
        max_results: 200,
      });
      const rows = pages.flatMap((p) => p.volumes);
      return {
        ids: sorted(rows.map((r) => r.id as string)),
        gib: rows.reduce((a, r) => a + (r.size_gib as number), 0),
      };
    },
    raw: async (r) => {
      const ec2 = await r.ec2(A);
      await r.paged((t) =>
        ec2.describeVolumes({ Filters: [{ Name: "status", Values: ["available"] }], NextToken: t })
      );
    },
  },
  {
    name: "leftover snapshots (volume gone, no AMI)",
    expected: (e) =>
      sorted(
        e.snapshots.filter((s) => s.region === A && s.volumeGone && !s.backsImage).map((s) => s.id),
      ),
    ask: async (s) => {
      // moto ignores OwnerIds, so the account's own are told apart by their owner column.
      const pages = await s.pages<{ account: string; snapshots: Row[] }>("ebs_list_snapshots", {
        fields: ["volume_id", "owner"],
        max_results: 200,
      });
      const snaps = pages.flatMap((p) => p.snapshots).filter((r) => r.owner === pages[0]!.account);
      const volumeIds = [...new Set(snaps.map((r) => r.volume_id as string).filter(Boolean))];
      const vols = await s.call<{ not_found?: string[] }>("ebs_describe_volumes", {
        volume_ids: volumeIds,
        fields: ["id"],
        max_results: 200,
      });
      const gone = new Set(vols.not_found ?? []);
      const images = (await s.pages<{ images: Row[] }>("ec2_describe_images", {
        fields: ["block_devices"],
        max_results: 200,
      })).flatMap((p) => p.images);
      const backing = new Set(
        images.flatMap((i) =>
          ((i.block_devices as Row[] | undefined) ?? []).map((b) => b.snapshot_id as string)
        ),
      );
      return sorted(
        snaps.filter((r) => gone.has(r.volume_id as string) && !backing.has(r.id as string)).map((
          r,
        ) => r.id as string),
      );
    },
    raw: async (r, e) => {
      const ec2 = await r.ec2(A);
      await r.paged((t) => ec2.describeSnapshots({ OwnerIds: ["self"], NextToken: t }));
      // The CLI user asks with a filter, which (unlike --volume-ids) tolerates missing ids.
      const volumeIds = [...new Set(e.snapshots.filter((s) => s.region === A).map((s) => s.id))];
      const snaps = await ec2.describeSnapshots({ SnapshotIds: volumeIds });
      const vols = [...new Set((snaps.Snapshots ?? []).map((s) => s.VolumeId!))];
      await r.paged((t) =>
        ec2.describeVolumes({ Filters: [{ Name: "volume-id", Values: vols }], NextToken: t })
      );
      await r.paged((t) => ec2.describeImages({ Owners: ["self"], NextToken: t }));
    },
  },
  {
    name: "running instances without IMDSv2",
    expected: (e) =>
      sorted(e.instances.filter((i) => i.region === A && i.running && !i.imdsv2).map((i) => i.id)),
    ask: async (s) => {
      const pages = await s.pages<{ instances: Row[] }>("ec2_list_instances", {
        states: ["running"],
        imdsv2: false,
        fields: ["id"],
        max_results: 200,
      });
      return sorted(pages.flatMap((p) => p.instances.map((r) => r.id as string)));
    },
    raw: async (r) => {
      const ec2 = await r.ec2(A);
      await r.paged((t) =>
        ec2.describeInstances({
          Filters: [{ Name: "instance-state-name", Values: ["running"] }],
          NextToken: t,
        })
      );
    },
  },
  {
    name: "public instances behind a world-open group",
    expected: (e) => {
      const open = new Set(Object.values(e.groups).filter((g) => g.worldOpen).map((g) => g.id));
      return sorted(
        e.instances.filter((i) =>
          i.region === A && i.running && i.publicIp && i.groups.some((g) => open.has(g))
        ).map((i) => i.id),
      );
    },
    ask: async (s) => {
      const groups = await s.call<{ security_groups: Row[] }>("ec2_describe_security_groups", {
        world_open: true,
        fields: ["id"],
        max_results: 200,
      });
      const open = new Set(groups.security_groups.map((g) => g.id as string));
      const pages = await s.pages<{ instances: Row[] }>("ec2_list_instances", {
        states: ["running"],
        fields: ["public_ip", "security_groups"],
        max_results: 200,
      });
      return sorted(
        pages.flatMap((p) => p.instances).filter((i) =>
          i.public_ip &&
          ((i.security_groups as string[] | undefined) ?? []).some((g) => open.has(g))
        ).map((i) => i.id as string),
      );
    },
    raw: async (r) => {
      const ec2 = await r.ec2(A);
      await r.paged((t) => ec2.describeSecurityGroups({ NextToken: t }));
      await r.paged((t) =>
        ec2.describeInstances({
          Filters: [{ Name: "instance-state-name", Values: ["running"] }],
          NextToken: t,
        })
      );
    },
  },
  {
    name: "one instance's CPU over the last hour",
    expected: (e) => Math.round(e.cpuAverage * 10) / 10,
    ask: async (s, e) => {
      const out = await s.call<{ metrics: Record<string, Record<string, number>> }>(
        "cloudwatch_get_instance_metrics",
        {
          instance_id: e.cpuInstance,
          last: "1h",
        },
      );
      return Math.round(out.metrics.cpu_percent!.avg! * 10) / 10;
    },
    raw: async (r, e) => {
      const cw = await r.cw(A);
      const end = new Date();
      const { $metadata: _, ...out } = await cw.getMetricStatistics({
        Namespace: "AWS/EC2",
        MetricName: "CPUUtilization",
        Dimensions: [{ Name: "InstanceId", Value: e.cpuInstance }],
        StartTime: new Date(end.getTime() - 3600_000),
        EndTime: end,
        Period: 300,
        Statistics: ["Average", "Maximum"],
      });
      r.outputs.push(out);
    },
  },
  {
    name: "alarms firing, both regions",
    expected: (e) => sorted(e.alarms.filter((a) => a.firing).map((a) => a.name)),
    ask: async (s) => {
      const out = await s.call<{ regions: Row[] }>("cloudwatch_describe_alarms", {
        regions: [A, B],
        state: "ALARM",
        fields: ["name"],
        max_results: 200,
      });
      return sorted(out.regions.flatMap((g) => rowsOf(g, "alarms").map((a) => a.name as string)));
    },
    raw: async (r) => {
      for (const region of [A, B]) {
        const cw = await r.cw(region);
        await r.paged((t) => cw.describeAlarms({ StateValue: "ALARM", NextToken: t }));
      }
    },
  },
  {
    name: "subnets running out of addresses (< 25% free)",
    expected: (e) => sorted([e.subnets[`${A}/tiny`]!.id, e.subnets[`${B}/tiny`]!.id]),
    ask: async (s) => {
      const out = await s.call<{ regions: Row[] }>("vpc_list_subnets", {
        regions: [A, B],
        fields: ["available_ips", "total_ips"],
        max_results: 200,
      });
      return sorted(
        out.regions.flatMap((g) => rowsOf(g, "subnets")).filter((r) =>
          (r.available_ips as number) < 0.25 * (r.total_ips as number)
        ).map((r) => r.id as string),
      );
    },
    raw: async (r) => {
      for (const region of [A, B]) {
        const ec2 = await r.ec2(region);
        await r.paged((t) => ec2.describeSubnets({ NextToken: t }));
      }
    },
  },
  {
    name: "key pairs in use, with instance counts",
    expected: (e) => {
      const counts: Record<string, number> = {};
      for (const i of e.instances) if (i.key) counts[i.key] = (counts[i.key] ?? 0) + 1;
      return counts;
    },
    ask: async (s) => {
      const out = await s.call<{ groups: Group[] }>("ec2_list_instances", {
        regions: [A, B],
        group_by: ["key_name"],
        fields: ["id"],
      });
      return Object.fromEntries(
        out.groups.filter((g) => g.key_name !== null).map((g) => [g.key_name, g.count]),
      );
    },
    raw: async (r) => {
      for (const region of [A, B]) {
        const ec2 = await r.ec2(region);
        await r.paged((t) => ec2.describeInstances({ NextToken: t }));
      }
    },
  },
  {
    name: "a launch template's contents",
    expected: (e) => ({ type: e.template.type, image: e.template.image, key: e.template.key }),
    ask: async (s, e) => {
      const out = await s.call<{ versions: { launch_data: Record<string, unknown> }[] }>(
        "ec2_describe_launch_template",
        {
          launch_template_id: e.template.id,
          versions: ["$Default"],
        },
      );
      const data = out.versions[0]!.launch_data;
      return { type: data.InstanceType, image: data.ImageId, key: data.KeyName };
    },
    raw: async (r, e) => {
      const ec2 = await r.ec2(A);
      await r.paged((t) =>
        ec2.describeLaunchTemplateVersions({
          LaunchTemplateId: e.template.id,
          Versions: ["$Default"],
          NextToken: t,
        })
      );
    },
  },
  {
    name: "cross-region totals: running instances and volume GiB",
    expected: (e) =>
      Object.fromEntries([A, B].map((region) => [region, {
        running: e.instances.filter((i) => i.region === region && i.running).length,
        // Root volumes are 8 GiB each on moto's image.
        gib: e.instances.filter((i) => i.region === region).length * 8 +
          e.volumes.filter((v) => v.region === region).reduce((a, v) => a + v.size, 0),
      }])),
    ask: async (s) => {
      const running = await s.call<{ groups: Group[] }>("ec2_list_instances", {
        regions: [A, B],
        states: ["running"],
        group_by: ["region"],
        fields: ["id"],
      });
      const volumes = await s.call<{ groups: Group[] }>("ebs_describe_volumes", {
        regions: [A, B],
        group_by: ["region"],
        fields: ["size_gib"],
      });
      return Object.fromEntries([A, B].map((region) => [region, {
        running: running.groups.find((g) => g.region === region)?.count ?? 0,
        gib: volumes.groups.find((g) => g.region === region)?.size_gib ?? 0,
      }]));
    },
    raw: async (r) => {
      for (const region of [A, B]) {
        const ec2 = await r.ec2(region);
        await r.paged((t) =>
          ec2.describeInstances({
            Filters: [{ Name: "instance-state-name", Values: ["running"] }],
            NextToken: t,
          })
        );
        await r.paged((t) => ec2.describeVolumes({ NextToken: t }));
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The run

/**
 * The candidate key-less rendering of row lists: an array of two or more objects becomes
 * `{"columns": [...], "rows": [[...], ...]}`. Measured here, not adopted unless it pays.
 */
function keyless(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(keyless);
    if (items.length < 2 || !items.every((i) => i && typeof i === "object" && !Array.isArray(i))) {
      return items;
    }
    const columns = [...new Set(items.flatMap((i) => Object.keys(i as object)))];
    return {
      columns,
      rows: items.map((i) => columns.map((c) => (i as Record<string, unknown>)[c] ?? null)),
    };
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keyless(v)]));
  }
  return value;
}

/** `aws --output json`: the SDK's output, Dates as ISO strings, 4-space indent. */
function cliJson(value: unknown): string {
  return JSON.stringify(value, null, 4);
}

async function withOwnMoto<T>(fn: (endpoint: string) => Promise<T>): Promise<T> {
  // Its own moto, always: the estate must be exactly the seeded one. moto's hundreds of default
  // images (each with a snapshot in the account) are replaced by one public Linux image.
  const amis = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(
    amis,
    JSON.stringify([{
      ami_id: "ami-0a1b2c3d4e5f60718",
      state: "available",
      public: true,
      owner_id: "137112412989",
      image_location: "amazon/al2023",
      root_device_type: "ebs",
      root_device_name: "/dev/xvda",
      description: "Amazon Linux 2023 AMI",
      image_type: "machine",
      platform: null,
      architecture: "x86_64",
      name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
      virtualization_type: "hvm",
      hypervisor: "xen",
    }]),
  );
  try {
    return await withNewMoto(fn, { MOTO_AMIS_PATH: amis });
  } finally {
    await Deno.remove(amis);
  }
}

/** Seeds the estate, asks every question, checks the answers and prints the token figures. */
export async function economy(): Promise<{ ratio: number; failures: string[] }> {
  return await withOwnMoto(async (endpoint) => {
    const estate = await seed(endpoint);
    const volumes = estate.instances.length + estate.volumes.length;
    console.log(
      `context economy: estate of ${estate.instances.length} instances, ${volumes} volumes, ${estate.snapshots.length} snapshots, ${
        Object.keys(estate.groups).length
      } security groups, ${estate.alarms.length} alarms in ${A} and ${B}; tokens are o200k_base`,
    );
    const { client, close } = await connectMoto(endpoint, A);
    const failures: string[] = [];
    let server = 0;
    let raw = 0;
    let calls = 0;
    let tabular = 0;
    console.log(
      `  ${"question".padEnd(52)} ${"calls".padStart(5)} ${"server".padStart(7)} ${
        "raw".padStart(7)
      }  ratio`,
    );
    try {
      for (const q of questions) {
        const session = new Session(client);
        let answer: unknown;
        try {
          answer = await q.ask(session, estate);
          deepEqual(answer, q.expected(estate));
        } catch (err) {
          failures.push(
            `${q.name}: ${
              err instanceof Error ? err.message.split("\n").slice(0, 12).join("\n") : err
            }`,
          );
        }
        const r = new Raw(endpoint);
        await q.raw(r, estate);
        const serverTokens = session.texts.reduce((a, t) => a + countTokens(t), 0);
        tabular += session.texts.reduce(
          (a, t) => a + countTokens(JSON.stringify(keyless(JSON.parse(t)))),
          0,
        );
        const rawTokens = r.outputs.reduce<number>((a, o) => a + countTokens(cliJson(o)), 0);
        server += serverTokens;
        raw += rawTokens;
        calls += session.texts.length;
        const ratio = serverTokens / rawTokens;
        if (ratio > 1) failures.push(`${q.name}: costs more than its raw JSON`);
        console.log(
          `  ${q.name.padEnd(52)} ${String(session.texts.length).padStart(5)} ${
            String(serverTokens).padStart(7)
          } ${String(rawTokens).padStart(7)}  ${ratio.toFixed(3)}x`,
        );
      }
    } finally {
      await close();
    }
    const ratio = server / raw;
    console.log(
      `  ${"total".padEnd(52)} ${String(calls).padStart(5)} ${String(server).padStart(7)} ${
        String(raw).padStart(7)
      }  ${ratio.toFixed(3)}x (budget 0.10x); answers correct: ${
        questions.length - failures.length
      }/${questions.length}`,
    );
    console.log(
      `  key-less rendering of row lists (columns + rows) would read ${tabular} tokens: ${
        ((1 - tabular / server) * 100).toFixed(1)
      }% less (adopted only at >= 15%)`,
    );
    for (const f of failures) console.log(`  FAILED ${f}`);
    return { ratio, failures };
  });
}

if (import.meta.main) {
  const { ratio, failures } = await economy();
  if (failures.length || ratio > 0.1) Deno.exit(1);
}
