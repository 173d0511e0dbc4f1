import type { Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compare, type Decimal, formatCents, formatRate, mul, sum } from "../../aws/money.ts";
import {
  HOURS_PER_MONTH,
  instancePrice,
  LOOKUP_CONCURRENCY,
  type OperatingSystem,
  type SqlEdition,
} from "../../aws/pricing.ts";
import { mapLimit } from "../../aws/limit.ts";
import { vpcId } from "../../schemas/ids.ts";
import { ec2Filters, tagFilter } from "../../schemas/tags.ts";
import { collectPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";
import { lookupContext } from "./_common.ts";

const MAX_PAGES = 10;

/** How an instance is billed, read from its PlatformDetails (or Platform when that is absent). */
export interface Billing {
  os: OperatingSystem;
  sql: SqlEdition;
}

const SQL: Record<string, SqlEdition> = {
  Web: "web",
  Standard: "standard",
  Enterprise: "enterprise",
};

/** The operating system and SQL edition an instance is billed for; undefined when not priceable. */
export function billingOf(i: Pick<Instance, "PlatformDetails" | "Platform">): Billing | undefined {
  const details = i.PlatformDetails;
  if (!details) {
    return { os: i.Platform?.toLowerCase() === "windows" ? "windows" : "linux", sql: "none" };
  }
  const sql = /with SQL Server (Web|Standard|Enterprise)$/.exec(details)?.[1];
  if (sql) {
    if (details.startsWith("Windows with")) return { os: "windows", sql: SQL[sql] ?? "none" };
    if (details.startsWith("Linux with")) return { os: "linux", sql: SQL[sql] ?? "none" };
    return undefined;
  }
  const plain: Record<string, OperatingSystem> = {
    "Linux/UNIX": "linux",
    "Red Hat BYOL Linux": "linux", // the subscription is the owner's; EC2 bills the Linux rate
    "Red Hat Enterprise Linux": "rhel",
    "Red Hat Enterprise Linux with HA": "rhel_ha",
    "SUSE Linux": "suse",
    "Ubuntu Pro": "ubuntu_pro",
    "Windows": "windows",
  };
  const os = plain[details];
  return os ? { os, sql: "none" } : undefined;
}

const group = z.object({
  instance_type: z.string(),
  platform: z.string(),
  count: z.number(),
  spot_count: z.number().optional(),
  price_per_hour: z.string(),
  hourly: z.string(),
  monthly: z.string(),
});

/** `ec2_estimate_running_cost`: what the running instances cost per hour and month, by type and OS. */
export const estimateRunningCost = defineTool({
  name: "ec2_estimate_running_cost",
  toolset: "pricing",
  title: "Estimate running EC2 cost",
  description:
    "What the running instances in the region (optionally by tags or VPC) cost per hour and per 730 h month at on-demand list prices, grouped by type and platform, costliest first. Excludes EBS, transfer and discounts.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstances", "pricing:GetProducts"],
  input: z.object({ tags: tagFilter.optional(), vpc_id: vpcId.optional() }),
  output: z.object({
    instances: z.number(),
    currency: z.string().optional(),
    hourly: z.string(),
    monthly: z.string(),
    groups: z.array(group),
    unpriced: z.array(z.object({
      instance_type: z.string(),
      platform: z.string(),
      count: z.number(),
      reason: z.string(),
    })).optional(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const filters = ec2Filters(
      { "instance-state-name": ["running"], "vpc-id": args.vpc_id },
      args.tags,
    );
    const { items: instances, complete } = await collectPages<Instance>(async (token) => {
      const out = await ec2.describeInstances({
        Filters: filters,
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      });
      return {
        items: (out.Reservations ?? []).flatMap((r) => r.Instances ?? []),
        nextToken: out.NextToken || undefined,
      };
    }, MAX_PAGES);

    interface Group {
      type: string;
      platform: string;
      billing: Billing | undefined;
      dedicated: "Shared" | "Dedicated" | "host";
      count: number;
      spot: number;
    }
    const groups = new Map<string, Group>();
    for (const i of instances) {
      const type = i.InstanceType ?? "unknown";
      const platform = i.PlatformDetails ??
        (i.Platform?.toLowerCase() === "windows" ? "Windows" : "Linux/UNIX");
      const tenancy = i.Placement?.Tenancy;
      const dedicated = tenancy === "host"
        ? "host"
        : tenancy === "dedicated"
        ? "Dedicated"
        : "Shared";
      const key = `${type}|${platform}|${dedicated}`;
      const g = groups.get(key) ??
        { type, platform, billing: billingOf(i), dedicated, count: 0, spot: 0 } as Group;
      g.count++;
      if (i.InstanceLifecycle === "spot") g.spot++;
      groups.set(key, g);
    }

    const lookups = lookupContext(ctx);
    const list = [...groups.values()];
    const prices = await mapLimit(
      list,
      LOOKUP_CONCURRENCY,
      (g) =>
        g.billing && g.dedicated !== "host"
          ? instancePrice(lookups, {
            instanceType: g.type,
            region: ctx.region,
            os: g.billing.os,
            sql: g.billing.sql,
            tenancy: g.dedicated,
          })
          : Promise.resolve(undefined),
    );

    const priced: { g: Group; rate: Decimal; hourly: Decimal; currency: string }[] = [];
    const unpriced: { instance_type: string; platform: string; count: number; reason: string }[] =
      [];
    list.forEach((g, n) => {
      const found = prices[n];
      const row = { instance_type: g.type, platform: g.platform, count: g.count };
      if (g.dedicated === "host") {
        unpriced.push({ ...row, reason: "runs on a Dedicated Host, which is billed per host" });
      } else if (!found) {
        unpriced.push({ ...row, reason: `no list price for platform ${g.platform}` });
      } else if (!found.ok) {
        unpriced.push({ ...row, reason: `${found.error.code}: ${found.error.message}` });
      } else {
        const rate = found.value.rate;
        priced.push({ g, rate, hourly: mul(rate, g.count), currency: found.value.currency });
      }
    });
    priced.sort((a, b) => compare(b.hourly, a.hourly) || a.g.type.localeCompare(b.g.type));
    const hourly = sum(priced.map((p) => p.hourly));
    const spot = list.reduce((n, g) => n + g.spot, 0);
    const notes = [
      ...(spot ? [`${spot} spot instance(s) priced at on-demand rates (an upper bound)`] : []),
      ...(complete
        ? []
        : [`stopped after ${instances.length} instances: narrow with tags or vpc_id`]),
    ];
    return {
      instances: instances.length,
      ...(priced[0] ? { currency: priced[0].currency } : {}),
      hourly: formatRate(hourly),
      monthly: formatCents(mul(hourly, HOURS_PER_MONTH)),
      groups: priced.map(({ g, rate, hourly }) => ({
        instance_type: g.type,
        platform: g.dedicated === "Dedicated" ? `${g.platform} (dedicated)` : g.platform,
        count: g.count,
        ...(g.spot ? { spot_count: g.spot } : {}),
        price_per_hour: formatRate(rate),
        hourly: formatRate(hourly),
        monthly: formatCents(mul(hourly, HOURS_PER_MONTH)),
      })),
      ...(unpriced.length ? { unpriced } : {}),
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});
