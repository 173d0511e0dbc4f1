import { deepEqual, equal, match, ok } from "node:assert/strict";
import { createInstance } from "../../tools/ec2/create_instance.ts";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { callOk, connectMoto, motoEc2, motoImageId, motoTest } from "../_helpers.ts";

// moto's state is global: this file runs in ap-southeast-2 and finds what it created by its own
// run id tag, so other runs and files in the region do not matter.
const REGION = "ap-southeast-2";
const RUN = crypto.randomUUID();
const SCRIPT = "#!/bin/bash\necho héllo > /tmp/hi\n";

interface Launched {
  instances: { id: string; state: string; name?: string; type: string; subnet_id?: string }[];
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ec2_create_instance launches instances that moto runs with IMDSv2 required",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    const keyName = `key-${RUN}`;
    await ec2.createKeyPair({ KeyName: keyName });
    const subnets = await ec2.describeSubnets({
      Filters: [{ Name: "default-for-az", Values: ["true"] }],
    });
    const subnet = subnets.Subnets?.[0]?.SubnetId as string;
    const group = await ec2.createSecurityGroup({
      GroupName: `sg-${RUN}`,
      Description: "ec2_create_instance test",
      VpcId: subnets.Subnets?.[0]?.VpcId as string,
    });

    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [createInstance, listInstances],
      waitIntervalMs: 50,
    });
    const listed = async (step: string) =>
      (await callOk<Launched>(client, "ec2_list_instances", { tags: { run: RUN, step } }))
        .instances.map((i) => i.id).sort();
    try {
      await t.step("two instances with every option show up in ec2_list_instances", async () => {
        const out = await callOk<Launched>(client, "ec2_create_instance", {
          image_id: imageId,
          instance_type: "t3.small",
          count: 2,
          key_name: keyName,
          security_group_ids: [group.GroupId],
          subnet_id: subnet,
          user_data: SCRIPT,
          block_devices: [{ device_name: "/dev/xvda", size_gib: 12, volume_type: "gp3" }],
          tags: { run: RUN, step: "full", Name: "web" },
          hop_limit: 2,
        });
        equal(out.instances.length, 2);
        ok(out.instances.every((i) => i.name === "web" && i.type === "t3.small"));
        ok(out.instances.every((i) => i.subnet_id === subnet));
        const ids = out.instances.map((i) => i.id).sort();
        deepEqual(await listed("full"), ids);

        const described = await ec2.describeInstances({ InstanceIds: ids });
        for (const i of (described.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          equal(i.MetadataOptions?.HttpTokens, "required");
          equal(i.MetadataOptions?.HttpPutResponseHopLimit, 2);
          equal(i.KeyName, keyName);
          deepEqual(i.SecurityGroups?.map((g) => g.GroupId), [group.GroupId]);
        }
        const attribute = await ec2.describeInstanceAttribute({
          InstanceId: ids[0]!,
          Attribute: "userData",
        });
        const bytes = Uint8Array.from(
          atob(attribute.UserData?.Value ?? ""),
          (c) => c.charCodeAt(0),
        );
        equal(new TextDecoder().decode(bytes), SCRIPT);
        const volumes = await ec2.describeVolumes({
          Filters: [{ Name: "attachment.instance-id", Values: [ids[0]!] }],
        });
        const root = volumes.Volumes?.find((v) => v.Size === 12);
        equal(root?.VolumeType, "gp3");
        ok(root?.Tags?.some((tag) => tag.Key === "run" && tag.Value === RUN), "volume tagged");
      });

      await t.step("http_tokens optional is the explicit opt-out", async () => {
        const out = await callOk<Launched>(client, "ec2_create_instance", {
          image_id: imageId,
          instance_type: "t3.micro",
          http_tokens: "optional",
          tags: { run: RUN, step: "optional" },
        });
        const described = await ec2.describeInstances({ InstanceIds: [out.instances[0]!.id] });
        equal(described.Reservations?.[0]?.Instances?.[0]?.MetadataOptions?.HttpTokens, "optional");
      });

      await t.step("dry_run answers would-succeed and creates nothing", async () => {
        const out = await callOk<Launched>(client, "ec2_create_instance", {
          image_id: imageId,
          instance_type: "t3.micro",
          tags: { run: RUN, step: "dry" },
          dry_run: true,
        });
        deepEqual(out.dry_run, {
          would_succeed: true,
          message: "the request would have succeeded; nothing was changed",
        });
        equal(out.instances, undefined);
        deepEqual(await listed("dry"), []);
      });

      await t.step("wait reports progress and returns the running rows", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          {
            name: "ec2_create_instance",
            arguments: {
              image_id: imageId,
              instance_type: "t3.micro",
              count: 2,
              tags: { run: RUN, step: "wait" },
              wait: true,
            },
          },
          undefined,
          { onprogress: (p) => progress.push(p.message ?? "") },
        );
        const out = result.structuredContent as unknown as Launched;
        ok(progress.length >= 1, "at least one progress notification");
        match(progress.at(-1)!, /^2\/2 running$/);
        equal(out.wait?.done, true);
        ok(out.instances.every((i) => i.state === "running"));
        deepEqual(await listed("wait"), out.instances.map((i) => i.id).sort());
      });
    } finally {
      await close();
    }
  },
);
