import type { Image } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact, shorten } from "../../schemas/compact.ts";
import { idList, imageId, snapshotId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const ARCHITECTURES = ["x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac"] as const;
/** AWS calls per tool call: sorting newest first needs the whole matching set, so cap it. */
export const MAX_IMAGE_CALLS = 5;
const DESCRIPTION_CHARS = 120;

const imageRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  architecture: z.string().optional(),
  platform: z.string().optional(),
  creation_date: z.string().optional(),
  owner: z.string().optional(),
  owner_alias: z.string().optional(),
  state: z.string().optional(),
  public: z.boolean().optional(),
  root_device_type: z.string().optional(),
  root_device: z.string().optional(),
  block_devices: z.array(z.object({
    device: z.string().optional(),
    snapshot_id: z.string().optional(),
    size_gib: z.number().optional(),
    type: z.string().optional(),
    virtual: z.string().optional(),
  })).optional(),
  virtualization: z.string().optional(),
  deprecation_time: z.string().optional(),
});

/** The compact row of one AMI. */
export function imageSummary(i: Image): z.input<typeof imageRow> {
  const description = shorten(i.Description, DESCRIPTION_CHARS);
  return compact({
    id: i.ImageId ?? "",
    name: i.Name,
    description,
    architecture: i.Architecture,
    platform: i.PlatformDetails ?? i.Platform,
    creation_date: i.CreationDate,
    owner: i.OwnerId,
    owner_alias: i.ImageOwnerAlias,
    state: i.State,
    public: i.Public,
    root_device_type: i.RootDeviceType,
    root_device: i.RootDeviceName,
    // Which snapshots back the image, and how big its disks are: the answer to "may this
    // snapshot be deleted" and "what does launching this cost in storage".
    block_devices: i.BlockDeviceMappings?.map((b) =>
      compact({
        device: b.DeviceName,
        snapshot_id: b.Ebs?.SnapshotId,
        size_gib: b.Ebs?.VolumeSize,
        type: b.Ebs?.VolumeType,
        virtual: b.VirtualName,
      })
    ),
    virtualization: i.VirtualizationType,
    deprecation_time: i.DeprecationTime,
  });
}

/** Newest first; ties (common for images registered together) broken by id, so order is stable. */
export function newestFirst(a: Image, b: Image): number {
  const [x, y] = [a.CreationDate ?? "", b.CreationDate ?? ""];
  if (x !== y) return x < y ? 1 : -1;
  const [p, q] = [a.ImageId ?? "", b.ImageId ?? ""];
  return p < q ? -1 : p > q ? 1 : 0;
}

/** `ec2_describe_images`: compact rows of AMIs, newest first, paged. */
export const describeImages = defineTool({
  name: "ec2_describe_images",
  toolset: "ec2_images",
  title: "Describe AMIs",
  description:
    "AMIs newest first: id, name, arch, platform, created, owner, state, root_device, block_devices (snapshot_id, size_gib)… owners: self (default without image_ids), amazon, aws-marketplace, account ids. Sorts up to 5000 matches.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeImages"],
  input: z.object({
    owners: z.array(
      z.string().regex(/^(self|amazon|aws-marketplace|aws-backup-vault|\d{12})$/, {
        error: "expected self, amazon, aws-marketplace, aws-backup-vault or a 12-digit account id",
      }),
    ).min(1).max(20).optional(),
    image_ids: idList(imageId).optional(),
    name_pattern: z.string().min(1).max(128).optional().describe("* and ? are wildcards"),
    architecture: z.enum(ARCHITECTURES).optional(),
    include_deprecated: z.boolean().optional(),
    snapshot_id: snapshotId.optional(),
    ...pageInput,
  }),
  output: z.object({
    images: z.array(imageRow),
    ...pageOutput,
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const filters = ec2Filters({ name: args.name_pattern, architecture: args.architecture });
    // Looking up ids should find them whoever owns them; otherwise default to the account's own.
    const owners = args.owners ?? (args.image_ids ? undefined : ["self"]);
    const ec2 = await ctx.aws.client("ec2");
    // How many images were sorted, when AWS had more than the cap allows fetching.
    let capped: number | undefined;
    // The whole matching set is fetched and sorted on every call, then sliced as one AWS page:
    // the offset in next_token stays valid as long as the set does, without server state.
    const { rows, ...more } = await listPage(args, ctx.region, async () => {
      const images: Image[] = [];
      let token: string | undefined;
      for (let calls = 0; calls < MAX_IMAGE_CALLS; calls++) {
        const out = await ec2.describeImages({
          ...(owners ? { Owners: owners } : {}),
          ...(filters.length ? { Filters: filters } : {}),
          ...(args.include_deprecated ? { IncludeDeprecated: true } : {}),
          ...(args.image_ids ? { ImageIds: args.image_ids } : { MaxResults: 1000 }),
          ...(token ? { NextToken: token } : {}),
        });
        images.push(...(out.Images ?? []));
        token = out.NextToken;
        if (!token) break;
      }
      if (token) capped = images.length;
      // Checked here rather than with AWS's block-device-mapping filter, which emulators lack.
      const matching = args.snapshot_id
        ? images.filter((i) =>
          i.BlockDeviceMappings?.some((b) => b.Ebs?.SnapshotId === args.snapshot_id)
        )
        : images;
      return { items: matching.sort(newestFirst).map(imageSummary) };
    });
    return {
      images: rows,
      ...more,
      ...(capped
        ? {
          note:
            `more images match than the ${capped} sorted here; narrow with name_pattern, architecture or owners`,
        }
        : {}),
    };
  },
});
