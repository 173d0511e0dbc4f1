import { z } from "zod";
import { instancePrice, unwrap } from "../../aws/pricing.ts";
import { defineTool } from "../tool.ts";
import {
  instanceType,
  lookupContext,
  operatingSystem,
  priceColumns,
  priceRow,
  sqlEdition,
} from "./_common.ts";

/** `ec2_get_ondemand_price`: the hourly on-demand price of one instance type, OS and region. */
export const getOndemandPrice = defineTool({
  name: "ec2_get_ondemand_price",
  toolset: "pricing",
  title: "Get EC2 on-demand price",
  description:
    "Hourly on-demand price (shared tenancy, license included) of an EC2 instance type in the region for an OS, from the AWS Price List, plus vCPU, memory, SKU and a 730 h month. Errors when no or several products match.",
  access: "read",
  idempotent: true,
  publicData: true,
  iam: ["pricing:GetProducts"],
  input: z.object({
    instance_type: instanceType,
    operating_system: operatingSystem,
    sql: sqlEdition,
  }),
  output: z.object({
    instance_type: z.string(),
    operating_system: z.string(),
    pre_installed_sw: z.string(),
    currency: z.string(),
    unit: z.string(),
    ...priceColumns,
    sku: z.string(),
    effective_date: z.string().optional(),
  }),
  async handler(args, ctx) {
    const price = unwrap(
      await instancePrice(lookupContext(ctx), {
        instanceType: args.instance_type,
        region: ctx.region,
        os: args.operating_system,
        sql: args.sql,
      }),
    );
    return {
      instance_type: price.instanceType,
      operating_system: price.operatingSystem,
      pre_installed_sw: price.preInstalledSw,
      currency: price.currency,
      unit: price.unit,
      ...priceRow(price),
      sku: price.sku,
      ...(price.effectiveDate ? { effective_date: price.effectiveDate } : {}),
    };
  },
});
