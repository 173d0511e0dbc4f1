import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { createInstanceMinimal } from "./create_instance_minimal.ts";

const inventory = [createInstanceMinimal];
const VPC = "vpc-0123456789abcdef0";
const subnets = {
  Subnets: [
    { SubnetId: "subnet-0123456789abcdef2", AvailabilityZone: "eu-west-1c" },
    { SubnetId: "subnet-0123456789abcdef0", AvailabilityZone: "eu-west-1a" },
    { SubnetId: "subnet-0123456789abcdef1", AvailabilityZone: "eu-west-1b" },
  ],
};
const image = (id: string, name: string, created: string, extra = {}) => ({
  ImageId: id,
  Name: name,
  CreationDate: created,
  ...extra,
});

/** A stub account: images by name pattern, a default VPC unless `noVpc`. */
function account(images: Record<string, unknown[]>, noVpc = false) {
  return stubAws({
    ec2: {
      describeImages: (input: { Filters: { Name: string; Values: string[] }[] }) => ({
        Images: images[input.Filters[0]!.Values[0]!] ?? [],
      }),
      describeVpcs: () => ({ Vpcs: noVpc ? [] : [{ VpcId: VPC, IsDefault: true }] }),
      describeSubnets: () => subnets,
      runInstances: (input: { InstanceType: string }) => ({
        Instances: [{
          InstanceId: "i-0123456789abcdef0",
          InstanceType: input.InstanceType,
          State: { Name: "pending" },
          Tags: [{ Key: "Name", Value: "box" }],
        }],
      }),
    },
  });
}

Deno.test("ec2_create_instance_minimal launches the newest AL2023 image in the first default subnet", async () => {
  const aws = account({
    "al2023-ami-2023.*-kernel-*-arm64": [
      image(
        "ami-0000000000000000a",
        "al2023-ami-2023.6.1-kernel-6.1-arm64",
        "2025-01-01T00:00:00Z",
      ),
      image(
        "ami-0000000000000000b",
        "al2023-ami-2023.7.2-kernel-6.1-arm64",
        "2025-06-01T00:00:00Z",
      ),
      image(
        "ami-0000000000000000c",
        "al2023-ami-2023.8.0-kernel-6.1-arm64",
        "2025-09-01T00:00:00Z",
        {
          DeprecationTime: "2025-10-01T00:00:00Z",
        },
      ),
    ],
  });
  const { client, close } = await connect(
    { allowWrite: true, requireTag: { key: "owner", value: "mcp" } },
    { aws, inventory },
  );
  try {
    const out = await callOk(client, "ec2_create_instance_minimal", {
      architecture: "arm64",
      name: "box",
      tags: { team: "blue" },
      key_name: "ops",
      region: "eu-west-1",
    });
    const tags = [
      { Key: "team", Value: "blue" },
      { Key: "Name", Value: "box" },
      { Key: "owner", Value: "mcp" },
    ];
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeImages", {
        Owners: ["amazon"],
        Filters: [
          { Name: "name", Values: ["al2023-ami-2023.*-kernel-*-arm64"] },
          { Name: "state", Values: ["available"] },
        ],
      }],
      ["describeVpcs", { Filters: [{ Name: "is-default", Values: ["true"] }] }],
      ["describeSubnets", {
        Filters: [
          { Name: "vpc-id", Values: [VPC] },
          { Name: "default-for-az", Values: ["true"] },
        ],
      }],
      ["runInstances", {
        ImageId: "ami-0000000000000000b",
        InstanceType: "t4g.micro",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: "subnet-0123456789abcdef0",
        KeyName: "ops",
        MetadataOptions: { HttpTokens: "required" },
        TagSpecifications: [
          { ResourceType: "instance", Tags: tags },
          { ResourceType: "volume", Tags: tags },
        ],
        DryRun: false,
      }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      image: { id: "ami-0000000000000000b", name: "al2023-ami-2023.7.2-kernel-6.1-arm64" },
      subnet_id: "subnet-0123456789abcdef0",
      instance_type: "t4g.micro",
      instance: { id: "i-0123456789abcdef0", name: "box", state: "pending", type: "t4g.micro" },
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance_minimal falls back to Amazon Linux 2 and says so", async () => {
  const aws = account({
    "amzn2-ami-hvm-*-x86_64-gp2": [
      image("ami-0000000000000000d", "amzn2-ami-hvm-2.0.2025-x86_64-gp2", "2025-02-01T00:00:00Z"),
    ],
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk<Record<string, unknown>>(client, "ec2_create_instance_minimal", {
      instance_type: "t3.nano",
      region: "eu-west-1",
    });
    deepEqual(out.image, {
      id: "ami-0000000000000000d",
      name: "amzn2-ami-hvm-2.0.2025-x86_64-gp2",
    });
    equal(out.instance_type, "t3.nano");
    equal(
      out.notes,
      "no Amazon Linux 2023 image for x86_64 in eu-west-1; used Amazon Linux 2 instead",
    );
    const run = aws.calls.find((c) => c.method === "runInstances")?.input as Record<
      string,
      unknown
    >;
    equal(run.ImageId, "ami-0000000000000000d");
    equal(run.TagSpecifications, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance_minimal without an image or a default VPC says what to do instead", async () => {
  for (
    const [aws, expected] of [
      [account({}), /^NoImage: no Amazon Linux image for x86_64 in eu-west-1 — pick an AMI/],
      [
        account({
          "al2023-ami-2023.*-kernel-*-x86_64": [image("ami-0000000000000000a", "al2023", "2025")],
        }, true),
        /^NoDefaultVpc: region eu-west-1 has no default VPC — pass subnet_id .* to ec2_create_instance/,
      ],
    ] as const
  ) {
    const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
    try {
      const result = await call(client, "ec2_create_instance_minimal", { region: "eu-west-1" });
      equal(result.isError, true);
      match(text(result), expected);
      equal(aws.calls.some((c) => c.method === "runInstances"), false);
    } finally {
      await close();
    }
  }
});

Deno.test("ec2_create_instance_minimal names a bad architecture", async () => {
  const aws = account({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const bad = await call(client, "ec2_create_instance_minimal", { architecture: "i386" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: architecture: Invalid option/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
