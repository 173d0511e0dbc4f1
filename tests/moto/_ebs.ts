import type { EC2 } from "@aws-sdk/client-ec2";
import { callOk, type Connected, motoLaunch, tagList } from "../_helpers.ts";

/** A volume row as ebs_describe_volumes answers it, for the EBS moto tests. */
export interface VolumeRow {
  id: string;
  name?: string;
  size_gib?: number;
  type?: string;
  iops?: number;
  throughput?: number;
  encrypted?: boolean;
  zone?: string;
  state?: string;
  snapshot_id?: string;
  attachment?: { instance?: string; device?: string; state?: string };
}

/** The tags every EBS moto test puts on what it creates: its own run id and a Name. */
export function runTags(run: string, name: string) {
  return tagList({ run, Name: name });
}

/** Seeds a tagged volume the way a user's account would have it. */
export async function seedVolume(
  ec2: EC2,
  run: string,
  name: string,
  zone: string,
  size = 10,
  type: "gp2" | "gp3" = "gp3",
): Promise<string> {
  const out = await ec2.createVolume({
    AvailabilityZone: zone,
    Size: size,
    VolumeType: type,
    TagSpecifications: [{ ResourceType: "volume", Tags: runTags(run, name) }],
  });
  return out.VolumeId as string;
}

/** Launches one tagged t3.micro in a zone and returns its id. */
export async function seedInstance(ec2: EC2, run: string, zone: string): Promise<string> {
  const [id] = await motoLaunch(ec2, {
    tags: { run, Name: "host" },
    Placement: { AvailabilityZone: zone },
  });
  return id as string;
}

/** This run's volumes by id, as ebs_describe_volumes sees them. */
export async function runVolumes(
  client: Connected["client"],
  run: string,
): Promise<Record<string, VolumeRow>> {
  const page = await callOk<{ volumes: VolumeRow[] }>(client, "ebs_describe_volumes", {
    tags: { run },
    max_results: 200,
  });
  return Object.fromEntries(page.volumes.map((v) => [v.id, v]));
}

/** Deletes what a test left behind, ignoring what is already gone. */
export async function cleanUp(
  ec2: EC2,
  volumes: readonly string[],
  instances: readonly string[] = [],
): Promise<void> {
  if (instances.length) {
    await ec2.terminateInstances({ InstanceIds: [...instances] }).catch(() => {});
  }
  for (const id of volumes) {
    const v = await ec2.describeVolumes({ VolumeIds: [id] }).catch(() => undefined);
    const a = v?.Volumes?.[0]?.Attachments?.[0];
    if (a?.InstanceId) {
      await ec2.detachVolume({ VolumeId: id, InstanceId: a.InstanceId }).catch(() => {});
    }
    await ec2.deleteVolume({ VolumeId: id }).catch(() => {});
  }
}
