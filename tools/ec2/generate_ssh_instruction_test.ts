import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { generateSshInstruction, inferLogin } from "./generate_ssh_instruction.ts";

const ID = "i-0123456789abcdef0";
const AMI = "ami-0123456789abcdef0";

const running = {
  InstanceId: ID,
  ImageId: AMI,
  State: { Name: "running" },
  KeyName: "deploy",
  PublicDnsName: "ec2-203-0-113-7.eu-west-1.compute.amazonaws.com",
  PublicIpAddress: "203.0.113.7",
  PrivateIpAddress: "10.0.1.5",
  IamInstanceProfile: { Arn: "arn:aws:iam::123456789012:instance-profile/ssm" },
};
const ubuntu = {
  ImageId: AMI,
  Name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250101",
  Description: "Canonical, Ubuntu, 24.04, amd64 noble image",
  PlatformDetails: "Linux/UNIX",
};

interface Out {
  instance_id: string;
  state: string;
  os?: string;
  user: string;
  host?: string;
  ssh_command?: string;
  alternatives: { method: string; command: string }[];
  notes: string[];
}

async function run(instance: unknown, images: () => unknown, args: Record<string, unknown> = {}) {
  const aws = stubAws({
    ec2: {
      describeInstances: () => ({ Reservations: [{ Instances: [instance] }] }),
      describeImages: images,
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [generateSshInstruction] });
  try {
    const out = await callOk<Out & { account: string; region: string }>(
      client,
      "ec2_generate_ssh_instruction",
      { instance_id: ID, region: "eu-west-1", ...args },
    );
    return { out, calls: aws.calls };
  } finally {
    await close();
  }
}

const notFound = () => {
  throw Object.assign(new Error(`The image id '[${AMI}]' does not exist`), {
    name: "InvalidAMIID.NotFound",
  });
};

Deno.test("ec2_generate_ssh_instruction builds ssh for an Ubuntu instance with a key pair", async () => {
  const { out, calls } = await run(running, () => ({ Images: [ubuntu] }));
  deepEqual(calls.map((c) => [c.method, c.input]), [
    ["describeInstances", { InstanceIds: [ID] }],
    ["describeImages", { ImageIds: [AMI] }],
  ]);
  deepEqual(out, {
    account: "123456789012",
    region: "eu-west-1",
    instance_id: ID,
    state: "running",
    os: "Ubuntu",
    user: "ubuntu",
    host: "ec2-203-0-113-7.eu-west-1.compute.amazonaws.com",
    ssh_command: "ssh -i ~/.ssh/deploy.pem ubuntu@ec2-203-0-113-7.eu-west-1.compute.amazonaws.com",
    alternatives: [
      { method: "ssm", command: `aws ssm start-session --target ${ID} --region eu-west-1` },
      {
        method: "ec2-instance-connect",
        command:
          `aws ec2-instance-connect ssh --instance-id ${ID} --os-user ubuntu --region eu-west-1`,
      },
    ],
    notes: [],
  });
});

Deno.test("ec2_generate_ssh_instruction falls back to the platform when the AMI is gone", async () => {
  const rhel = { ...running, PlatformDetails: "Red Hat Enterprise Linux", PublicDnsName: "" };
  const { out } = await run(rhel, notFound, { key_path: "~/keys/my key.pem" });
  equal(out.os, "RHEL");
  equal(out.user, "ec2-user");
  equal(out.host, "203.0.113.7");
  equal(out.ssh_command, "ssh -i ~/'keys/my key.pem' ec2-user@203.0.113.7");
  deepEqual(out.notes, [`AMI ${AMI} no longer exists: OS guessed from the platform`]);
  // Real AWS answers a deregistered AMI with an empty list rather than an error.
  const { out: empty } = await run(rhel, () => ({ Images: [] }));
  deepEqual(empty.notes, [`AMI ${AMI} no longer exists: OS guessed from the platform`]);
});

Deno.test("ec2_generate_ssh_instruction omits ssh without a key pair and flags a private-only host", async () => {
  const { KeyName: _, PublicDnsName: __, PublicIpAddress: ___, IamInstanceProfile: ____, ...bare } =
    running;
  const { out } = await run(bare, () => ({ Images: [{ Name: "debian-12-amd64-20250101" }] }));
  equal(out.user, "admin");
  equal(out.host, "10.0.1.5");
  equal(out.ssh_command, undefined);
  deepEqual(out.notes, [
    "only a private IP: ssh needs a VPN, Direct Connect or a bastion in the VPC",
    "no key pair: ssh_command omitted; use SSM or EC2 Instance Connect (pushes a temporary key)",
    "no instance profile: SSM works only if Default Host Management is configured",
  ]);
  equal(out.alternatives.length, 2);
});

Deno.test("ec2_generate_ssh_instruction says a stopped instance without an address cannot be reached", async () => {
  const stopped = {
    ...running,
    State: { Name: "stopped" },
    PublicDnsName: "",
    PublicIpAddress: undefined,
    PrivateIpAddress: undefined,
  };
  const { out } = await run(stopped, () => ({ Images: [{ Name: "al2023-ami-2023.6-x86_64" }] }));
  equal(out.state, "stopped");
  equal(out.os, "Amazon Linux");
  equal(out.host, undefined);
  equal(out.ssh_command, undefined);
  deepEqual(out.notes, [
    "instance is stopped, not running: start it first; a public IP or DNS name changes on start",
    "the instance has no IP address: ssh is not possible now",
  ]);
});

Deno.test("ec2_generate_ssh_instruction sends Windows to RDP and SSM", async () => {
  const { out } = await run({ ...running, Platform: "windows" }, () => ({
    Images: [{ Name: "Windows_Server-2022-English-Full-Base-2025.01.15", Platform: "windows" }],
  }));
  equal(out.os, "Windows");
  equal(out.user, "Administrator");
  equal(out.ssh_command, undefined);
  deepEqual(out.alternatives.map((a) => a.method), ["ssm"]);
  deepEqual(out.notes, [
    `Windows: no ssh; use RDP (port 3389) as Administrator; password: aws ec2 get-password-data --instance-id ${ID} --priv-launch-key <key.pem> --region eu-west-1`,
  ]);
});

Deno.test("inferLogin maps AMI names, descriptions and platforms to login users", () => {
  const cases: [Record<string, string>, string | undefined, string][] = [
    [{ Name: "amzn2-ami-kernel-5.10-hvm-2.0.20250101.0-x86_64-gp2" }, "Amazon Linux", "ec2-user"],
    [{ Name: "bitnami-wordpress-6.5.0-r0-debian-12-amd64" }, "Bitnami", "bitnami"],
    [{ Name: "CentOS Stream 9 x86_64 20250101" }, "CentOS", "centos"],
    [{ Name: "Rocky-9-EC2-Base-9.5-20241118.0.x86_64" }, "Rocky Linux", "rocky"],
    [{ Name: "AlmaLinux OS 9.5.20241120 x86_64" }, "AlmaLinux", "ec2-user"],
    [{ Name: "Fedora-Cloud-Base-41-1.4.x86_64-hvm" }, "Fedora", "fedora"],
    [{ Name: "RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3" }, "RHEL", "ec2-user"],
    [{ Name: "suse-sles-15-sp6-v20250101-hvm-ssd-x86_64" }, "SUSE", "ec2-user"],
    [{ Name: "FreeBSD 14.2-RELEASE-amd64" }, "FreeBSD", "ec2-user"],
    [{ Description: "Debian 12 (20250101-1999)" }, "Debian", "admin"],
    [{ Name: "my-golden-image-v3" }, undefined, "ec2-user"],
  ];
  for (const [image, os, user] of cases) {
    deepEqual(inferLogin({}, image), { os, user }, JSON.stringify(image));
  }
  deepEqual(inferLogin({ PlatformDetails: "SUSE Linux" }, undefined), {
    os: "SUSE",
    user: "ec2-user",
  });
});

Deno.test("ec2_generate_ssh_instruction names a bad key_path or instance_id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [generateSshInstruction],
  });
  try {
    const empty = await call(client, "ec2_generate_ssh_instruction", {
      instance_id: ID,
      key_path: "",
    });
    equal(empty.isError, true);
    match(text(empty), /^InvalidInput: key_path: Too small/);
    const bad = await call(client, "ec2_generate_ssh_instruction", { instance_id: "i-abc" });
    match(text(bad), /^InvalidInput: instance_id: expected an id like i-0123456789abcdef0/);
  } finally {
    await close();
  }
});
