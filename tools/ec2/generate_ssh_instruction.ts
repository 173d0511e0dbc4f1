import type { Image, Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { describeInstance } from "./_instance.ts";

/** Login users by distribution, first match wins: Bitnami images name their base OS too. */
const LOGINS: readonly [RegExp, string, string][] = [
  [/windows/, "Windows", "Administrator"],
  [/bitnami/, "Bitnami", "bitnami"],
  [/ubuntu/, "Ubuntu", "ubuntu"],
  [/debian/, "Debian", "admin"],
  [/centos/, "CentOS", "centos"],
  [/rocky/, "Rocky Linux", "rocky"],
  [/almalinux/, "AlmaLinux", "ec2-user"],
  [/fedora/, "Fedora", "fedora"],
  [/red ?hat|rhel/, "RHEL", "ec2-user"],
  [/suse|sles/, "SUSE", "ec2-user"],
  [/freebsd/, "FreeBSD", "ec2-user"],
  [/amazon linux|amzn|al20\d\d/, "Amazon Linux", "ec2-user"],
];

/** The OS and login user that the AMI's name, description and the platform suggest. */
export function inferLogin(
  instance: Instance,
  image: Image | undefined,
): { os: string | undefined; user: string } {
  const hints = [
    image?.Name,
    image?.Description,
    image?.ImageLocation,
    image?.PlatformDetails,
    image?.Platform,
    instance.PlatformDetails,
    instance.Platform,
  ].filter(Boolean).join(" ").toLowerCase();
  const found = LOGINS.find(([pattern]) => pattern.test(hints));
  return found ? { os: found[1], user: found[2] } : { os: undefined, user: "ec2-user" };
}

const NO_PROFILE = "no instance profile: SSM works only if Default Host Management is configured";

/** Quotes a path for a POSIX shell unless it is plainly safe; keeps a leading ~/ expandable. */
function shellPath(path: string): string {
  if (/^[\w@%+=:,./~-]+$/.test(path)) return path;
  const home = path.startsWith("~/") ? "~/" : "";
  return `${home}'${path.slice(home.length).replace(/'/g, `'\\''`)}'`;
}

/** `ec2_generate_ssh_instruction`: how to log in to an instance (ssh, SSM, Instance Connect). */
export const generateSshInstruction = defineTool({
  name: "ec2_generate_ssh_instruction",
  toolset: "ec2",
  title: "Generate SSH instructions for an instance",
  description:
    "How to log in to an instance: an ssh command (user inferred from the AMI, host, key file), SSM and EC2 Instance Connect alternatives, and notes on blockers (no key pair or address, not running, Windows). Runs nothing.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstances", "ec2:DescribeImages"],
  input: z.object({
    instance_id: instanceId,
    key_path: z.string().min(1).max(1024).optional().describe(
      "Private key file; default ~/.ssh/<KeyName>.pem",
    ),
  }),
  output: z.object({
    instance_id: z.string(),
    state: z.string(),
    os: z.string().optional(),
    user: z.string(),
    host: z.string().optional(),
    ssh_command: z.string().optional(),
    alternatives: z.array(
      z.object({ method: z.enum(["ssm", "ec2-instance-connect"]), command: z.string() }),
    ),
    notes: z.array(z.string()),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const instance = await describeInstance(ec2, args.instance_id);
    const id = instance.InstanceId ?? args.instance_id;
    const state = instance.State?.Name ?? "unknown";
    const notes: string[] = [];

    let image: Image | undefined;
    if (instance.ImageId) {
      let problem = "no longer exists";
      try {
        const out = await ec2.describeImages({ ImageIds: [instance.ImageId] });
        image = out.Images?.[0];
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        // A deregistered or unshared AMI is common and only costs us the OS hint.
        const code = (err as { name?: string }).name ?? "Error";
        if (!code.startsWith("InvalidAMIID")) problem = `could not be read (${code})`;
      }
      if (!image) notes.push(`AMI ${instance.ImageId} ${problem}: OS guessed from the platform`);
    }
    const { os, user } = inferLogin(instance, image);
    if (!os) notes.push("OS not recognised: ec2-user is a guess; others: ubuntu, admin, centos");

    if (state !== "running") {
      notes.push(
        `instance is ${state}, not running: start it first; a public IP or DNS name changes on start`,
      );
    }
    const host = instance.PublicDnsName || instance.PublicIpAddress || instance.PrivateIpAddress ||
      undefined;
    if (!host) notes.push("the instance has no IP address: ssh is not possible now");
    else if (host === instance.PrivateIpAddress) {
      notes.push(`only a private IP: ssh needs a VPN, Direct Connect or a bastion in the VPC`);
    }

    const region = `--region ${ctx.region}`;
    const ssm = {
      method: "ssm" as const,
      command: `aws ssm start-session --target ${id} ${region}`,
    };
    if (os === "Windows") {
      notes.push(
        `Windows: no ssh; use RDP (port 3389) as Administrator; password: aws ec2 get-password-data --instance-id ${id} --priv-launch-key <key.pem> ${region}`,
      );
      if (!instance.IamInstanceProfile) notes.push(NO_PROFILE);
      return compact({ instance_id: id, state, os, user, host, alternatives: [ssm], notes });
    }
    const key = args.key_path ?? (instance.KeyName ? `~/.ssh/${instance.KeyName}.pem` : undefined);
    if (!instance.KeyName) {
      notes.push(
        args.key_path
          ? "the instance was launched without a key pair: key_path works only if that key was installed another way"
          : "no key pair: ssh_command omitted; use SSM or EC2 Instance Connect (pushes a temporary key)",
      );
    }
    if (!instance.IamInstanceProfile) notes.push(NO_PROFILE);
    return compact({
      instance_id: id,
      state,
      os,
      user,
      host,
      ssh_command: key && host ? `ssh -i ${shellPath(key)} ${user}@${host}` : undefined,
      alternatives: [ssm, {
        method: "ec2-instance-connect" as const,
        command: `aws ec2-instance-connect ssh --instance-id ${id} --os-user ${user} ${region}`,
      }],
      notes,
    });
  },
});
