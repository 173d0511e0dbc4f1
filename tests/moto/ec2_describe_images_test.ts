import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeImages } from "../../tools/ec2/describe_images.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in eu-south-1, names its images after its run id and
// never assumes the region holds nothing else.
const REGION = "eu-south-1";
const RUN = crypto.randomUUID();
const PATTERN = `img-${RUN}-*`;

interface Row {
  id: string;
  name?: string;
  architecture?: string;
  creation_date?: string;
  owner?: string;
  state?: string;
  public?: boolean;
  virtualization?: string;
}
interface Page {
  images: Row[];
  next_token?: string;
  region: string;
}

motoTest("ec2_describe_images lists AMIs newest first, filtered and paged", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const amazon = (await ec2.describeImages({ Owners: ["amazon"] })).Images ?? [];
  const source = (arch: string) => amazon.find((i) => i.Architecture === arch)?.ImageId as string;
  // CreateImage copies the source AMI's architecture (RegisterImage in moto ignores it); moto
  // stamps CreationDate to the second, so a pause between images makes their order certain.
  const made: { id: string; arch: string }[] = [];
  for (const [n, arch] of ["x86_64", "arm64", "x86_64"].entries()) {
    if (n) await new Promise((r) => setTimeout(r, 1100));
    const run = await ec2.runInstances({ ImageId: source(arch), MinCount: 1, MaxCount: 1 });
    const out = await ec2.createImage({
      InstanceId: run.Instances?.[0]?.InstanceId as string,
      Name: `img-${RUN}-${n}`,
    });
    made.push({ id: out.ImageId as string, arch });
  }
  const [oldest, arm, newest] = made as [typeof made[0], typeof made[0], typeof made[0]];

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeImages],
  });
  const list = (args: Record<string, unknown>) => callOk<Page>(client, "ec2_describe_images", args);
  try {
    await t.step("owners default to self; rows come newest first", async () => {
      const page = await list({ name_pattern: PATTERN });
      equal(page.region, REGION);
      deepEqual(page.images.map((i) => [i.id, i.name, i.architecture]), [
        [newest.id, `img-${RUN}-2`, "x86_64"],
        [arm.id, `img-${RUN}-1`, "arm64"],
        [oldest.id, `img-${RUN}-0`, "x86_64"],
      ]);
      const [first] = page.images;
      equal(first?.owner, "123456789012");
      equal(first?.state, "available");
      equal(first?.public, false);
      equal(first?.virtualization, "hvm");
      ok(page.images[0]!.creation_date! > page.images[1]!.creation_date!);
    });

    await t.step("architecture narrows the set", async () => {
      const page = await list({ name_pattern: PATTERN, architecture: "arm64" });
      deepEqual(page.images.map((i) => i.id), [arm.id]);
    });

    await t.step("max_results pages the sorted set; a token is tied to its filters", async () => {
      const first = await list({ name_pattern: PATTERN, max_results: 2 });
      deepEqual(first.images.map((i) => i.id), [newest.id, arm.id]);
      ok(first.next_token);
      const second = await list({
        name_pattern: PATTERN,
        max_results: 2,
        next_token: first.next_token,
      });
      deepEqual(second.images.map((i) => i.id), [oldest.id]);
      equal(second.next_token, undefined);
      const reused = await call(client, "ec2_describe_images", {
        name_pattern: PATTERN,
        architecture: "arm64",
        max_results: 2,
        next_token: first.next_token,
      });
      equal(reused.isError, true);
      match(text(reused), /^InvalidInput: next_token: issued for different filters/);
    });

    await t.step("other owners do not see this account's images", async () => {
      const page = await list({ name_pattern: PATTERN, owners: ["amazon"] });
      deepEqual(page.images, []);
    });

    await t.step("image_ids find images whoever owns them", async () => {
      const amazonArm = source("arm64");
      const page = await list({ image_ids: [arm.id, amazonArm] });
      deepEqual(page.images.map((i) => i.id).sort(), [arm.id, amazonArm].sort());
    });

    await t.step("following next_token over amazon's arm64 images yields each once", async () => {
      const expected = (await ec2.describeImages({
        Owners: ["amazon"],
        Filters: [{ Name: "architecture", Values: ["arm64"] }],
      })).Images?.map((i) => i.ImageId as string) ?? [];
      ok(expected.length > 200, `moto has ${expected.length} arm64 images`);
      const seen: Row[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await list({
          owners: ["amazon"],
          architecture: "arm64",
          max_results: 200,
          ...(token ? { next_token: token } : {}),
        });
        seen.push(...page.images);
        token = page.next_token;
        pages++;
      } while (token && pages < 20);
      deepEqual(seen.map((i) => i.id).sort(), [...expected].sort());
      const dates = seen.map((i) => i.creation_date ?? "");
      deepEqual(dates, [...dates].sort().reverse());
    });

    await t.step("an unknown image id is listed in not_found", async () => {
      const out = await callOk<{ images: unknown[]; not_found?: string[] }>(
        client,
        "ec2_describe_images",
        { image_ids: ["ami-0123456789abcdef0"] },
      );
      deepEqual(out.images, []);
      deepEqual(out.not_found, ["ami-0123456789abcdef0"]);
    });
  } finally {
    await close();
  }
});
