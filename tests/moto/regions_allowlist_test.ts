import { deepEqual, equal, match } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { ec2Tools } from "../../tools/ec2/mod.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// --regions against the real tools on moto. moto's state is global: this file owns ca-west-1
// (the allowed region) and eu-south-2 (outside it), and tags what it makes with its run id.
const ALLOWED = "ca-west-1";
const OUTSIDE = "eu-south-2";
const RUN = crypto.randomUUID();

motoTest("--regions governs every region-typed field, not only region", async (endpoint, t) => {
  const outside = await motoEc2(endpoint, OUTSIDE);
  const allowed = await motoEc2(endpoint, ALLOWED);
  const volume = (await outside.createVolume({ AvailabilityZone: `${OUTSIDE}a`, Size: 1 }))
    .VolumeId as string;
  const snapshot = (await outside.createSnapshot({
    VolumeId: volume,
    TagSpecifications: tagSpecs("snapshot", { run: RUN }),
  })).SnapshotId as string;
  const copies = async () =>
    (await allowed.describeSnapshots({ Filters: [{ Name: "tag:run", Values: [RUN] }] }))
      .Snapshots ?? [];
  const { client, close } = await connectMoto(endpoint, ALLOWED, {
    allowWrite: true,
    regions: [ALLOWED],
  }, { inventory: [...ebsTools, ...ec2Tools] });
  try {
    await t.step(
      "a copy from a source region outside the list is refused, nothing copied",
      async () => {
        for (const dry_run of [true, false]) {
          const refused = await call(client, "ebs_copy_snapshot", {
            source_snapshot_id: snapshot,
            source_region: OUTSIDE,
            tags: { run: RUN },
            dry_run,
          });
          equal(refused.isError, true);
          equal(
            text(refused),
            `RegionNotAllowed: source_region: region ${OUTSIDE} is outside this server's allowlist — use one of: ${ALLOWED}`,
          );
        }
        deepEqual(await copies(), []);
      },
    );

    await t.step("the call's own region outside the list is refused before any call", async () => {
      const refused = await call(client, "ebs_create_volume", {
        region: OUTSIDE,
        zone: `${OUTSIDE}a`,
        size_gib: 1,
        tags: { run: RUN },
      });
      match(text(refused), /^RegionNotAllowed: region eu-south-2 is outside/);
      const made = await outside.describeVolumes({ Filters: [{ Name: "tag:run", Values: [RUN] }] });
      deepEqual(made.Volumes ?? [], []);
    });

    await t.step('fan-out over ["all"] stays inside the list', async () => {
      const out = await callOk<{ regions: { region: string }[] }>(client, "ec2_list_instances", {
        regions: ["all"],
      });
      deepEqual(out.regions.map((g) => g.region), [ALLOWED]);
    });
  } finally {
    await close();
  }
});
