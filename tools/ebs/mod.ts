import { attachVolume } from "./attach_volume.ts";
import { createVolume } from "./create_volume.ts";
import { deleteVolume } from "./delete_volume.ts";
import { describeVolumes } from "./describe_volumes.ts";
import { detachVolume } from "./detach_volume.ts";
import { modifyVolume } from "./modify_volume.ts";
import { restoreVolumeFromSnapshot } from "./restore_volume_from_snapshot.ts";

/** EBS volume tools. */
export const ebsTools = [
  describeVolumes,
  createVolume,
  restoreVolumeFromSnapshot,
  modifyVolume,
  deleteVolume,
  attachVolume,
  detachVolume,
];
