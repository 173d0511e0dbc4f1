import { attachVolume } from "./attach_volume.ts";
import { copySnapshot } from "./copy_snapshot.ts";
import { createSnapshot } from "./create_snapshot.ts";
import { createVolume } from "./create_volume.ts";
import { deleteSnapshot } from "./delete_snapshot.ts";
import { deleteVolume } from "./delete_volume.ts";
import { describeSnapshot } from "./describe_snapshot.ts";
import { describeVolumes } from "./describe_volumes.ts";
import { detachVolume } from "./detach_volume.ts";
import { getSnapshotProgress } from "./get_snapshot_progress.ts";
import { listSnapshots } from "./list_snapshots.ts";
import { manageFastSnapshotRestore } from "./manage_fast_snapshot_restore.ts";
import { modifyVolume } from "./modify_volume.ts";
import { restoreVolumeFromSnapshot } from "./restore_volume_from_snapshot.ts";

/** EBS tools: volumes, attachments and snapshots. */
export const ebsTools = [
  describeVolumes,
  createVolume,
  restoreVolumeFromSnapshot,
  modifyVolume,
  deleteVolume,
  attachVolume,
  detachVolume,
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  describeSnapshot,
  copySnapshot,
  getSnapshotProgress,
  manageFastSnapshotRestore,
];
