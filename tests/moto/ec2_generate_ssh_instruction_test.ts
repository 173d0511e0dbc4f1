import { deepEqual, equal, match, ok } from "node:assert/strict";
import { generateSshInstruction } from "../../tools/ec2/generate_ssh_instruction.ts";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoLaunch,
  motoTest,
  text,
} from "../_helpers.ts";

// moto's state is global: this file runs in us-west-1; its key pair, AMI and instances carry
// its own run id, and it only asks about those.
const REGION = "us-west-1";
const RUN = crypto.randomUUID();

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

motoTest("ec2_generate_ssh_instruction infers user, host and key", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const keyName = `deploy-${RUN}`;
  await ec2.createKeyPair({ KeyName: keyName });
  const ubuntu = (await ec2.describeImages({
    Owners: ["amazon"],
    Filters: [{ Name: "name", Values: ["ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-*"] }],
  })).Images?.[0]?.ImageId as string;
  ok(ubuntu, "moto has an Ubuntu 16.04 image");
  const launch = async (imageId: string, key?: string) =>
    (await motoLaunch(ec2, {
      image: imageId,
      tags: { run: RUN },
      ...(key ? { KeyName: key } : {}),
    }))[0] as string;
  const web = await launch(ubuntu, keyName);
  const windows = await launch(await motoImageId(ec2), keyName);
  const keyless = await launch(ubuntu);
  // An AMI whose name says nothing about its OS, deregistered after use, as in real accounts.
  const golden = (await ec2.createImage({ InstanceId: keyless, Name: `golden-${RUN}` }))
    .ImageId as string;
  const orphan = await launch(golden, keyName);
  await ec2.deregisterImage({ ImageId: golden });

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [generateSshInstruction],
  });
  const get = (instance_id: string, extra: Record<string, unknown> = {}) =>
    callOk<Out>(client, "ec2_generate_ssh_instruction", { instance_id, ...extra });
  try {
    await t.step("an Ubuntu instance with a key pair gets a full ssh command", async () => {
      const described = await ec2.describeInstances({ InstanceIds: [web] });
      const dns = described.Reservations?.[0]?.Instances?.[0]?.PublicDnsName as string;
      match(dns, /^ec2-[\d-]+\.us-west-1\.compute\.amazonaws\.com$/);
      deepEqual(await get(web), {
        account: "123456789012",
        region: REGION,
        instance_id: web,
        state: "running",
        os: "Ubuntu",
        user: "ubuntu",
        host: dns,
        ssh_command: `ssh -i ~/.ssh/${keyName}.pem ubuntu@${dns}`,
        alternatives: [
          { method: "ssm", command: `aws ssm start-session --target ${web} --region us-west-1` },
          {
            method: "ec2-instance-connect",
            command:
              `aws ec2-instance-connect ssh --instance-id ${web} --os-user ubuntu --region us-west-1`,
          },
        ],
        notes: ["no instance profile: SSM works only if Default Host Management is configured"],
      });
    });

    await t.step("a Windows instance is sent to RDP, not ssh", async () => {
      const out = await get(windows);
      equal(out.os, "Windows");
      equal(out.user, "Administrator");
      equal(out.ssh_command, undefined);
      deepEqual(out.alternatives.map((a) => a.method), ["ssm"]);
      match(out.notes[0] ?? "", /^Windows: no ssh; use RDP \(port 3389\)/);
    });

    await t.step("without a key pair ssh_command is absent unless key_path is given", async () => {
      const out = await get(keyless);
      equal(out.user, "ubuntu");
      equal(out.ssh_command, undefined);
      ok(out.notes.includes(
        "no key pair: ssh_command omitted; use SSM or EC2 Instance Connect (pushes a temporary key)",
      ));
      const given = await get(keyless, { key_path: "~/.ssh/baked-in.pem" });
      equal(given.ssh_command, `ssh -i ~/.ssh/baked-in.pem ubuntu@${given.host}`);
    });

    await t.step("a deregistered AMI falls back to a guessed user and says so", async () => {
      const out = await get(orphan);
      equal(out.os, undefined);
      equal(out.user, "ec2-user");
      equal(out.ssh_command, `ssh -i ~/.ssh/${keyName}.pem ec2-user@${out.host}`);
      deepEqual(out.notes.slice(0, 2), [
        `AMI ${golden} no longer exists: OS guessed from the platform`,
        "OS not recognised: ec2-user is a guess; others: ubuntu, admin, centos",
      ]);
    });

    await t.step("a stopped instance is flagged as not running", async () => {
      await ec2.stopInstances({ InstanceIds: [web] });
      const out = await get(web);
      equal(out.state, "stopped");
      equal(
        out.notes[0],
        "instance is stopped, not running: start it first; a public IP or DNS name changes on start",
      );
    });

    await t.step("an unknown id is AWS's not-found error", async () => {
      const result = await call(client, "ec2_generate_ssh_instruction", {
        instance_id: "i-0123456789abcdef0",
      });
      equal(result.isError, true);
      match(text(result), /^InvalidInstanceID\.NotFound: .*i-0123456789abcdef0/);
    });
  } finally {
    await close();
  }
});
