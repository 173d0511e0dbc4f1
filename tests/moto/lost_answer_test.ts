import { deepEqual, equal, match, ok } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { createKeyPair } from "../../tools/ec2/create_keypair.ts";
import { call, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";
import { startLossyProxy } from "../_lossy_proxy.ts";

// moto's state is global: this file works in eu-north-1 and finds what it makes by its run id.
const REGION = "eu-north-1";
const RUN = crypto.randomUUID();

const action = (name: string) => (body: string) => body.startsWith(`Action=${name}&`);
const token = (body: string) => /ClientToken=([^&]+)/.exec(body)?.[1];

motoTest(
  "a write whose answer is lost is sent once without a token, or always with the same token",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = (await ec2.createVolume({
      AvailabilityZone: `${REGION}a`,
      Size: 1,
      TagSpecifications: tagSpecs("volume", { run: RUN }),
    })).VolumeId!;
    const lost = new Set(["CreateSnapshot", "CreateVolume", "CreateKeyPair", "DescribeVolumes"]);
    const proxy = startLossyProxy(endpoint, (body) => [...lost].some((a) => action(a)(body)));
    const keysDir = await Deno.makeTempDir();
    const { client, close } = await connectMoto(proxy.url, REGION, {
      allowWrite: true,
      keysDir,
    }, { inventory: [...ebsTools, createKeyPair] });
    try {
      await t.step("a token-less create is sent once and says the outcome is unknown", async () => {
        const result = await call(client, "ebs_create_snapshot", {
          volume_id: volume,
          tags: { run: RUN },
        });
        equal(result.isError, true);
        match(text(result), /^OutcomeUnknown: CreateSnapshot may have taken effect/);
        match(text(result), /check with ebs_list_snapshots whether it took effect/);
        ok(!/retryable/i.test(text(result)), text(result));
        equal(proxy.requests.filter(action("CreateSnapshot")).length, 1);
        // The backend did act, exactly once.
        const made = await ec2.describeSnapshots({
          Filters: [{ Name: "tag:run", Values: [RUN] }],
        });
        equal(made.Snapshots?.length, 1);
      });

      await t.step("a create with a token repeats it on every attempt", async () => {
        const result = await call(client, "ebs_create_volume", {
          zone: `${REGION}a`,
          size_gib: 1,
          tags: { run: RUN },
        });
        equal(result.isError, true);
        match(text(result), /^OutcomeUnknown: CreateVolume may have taken effect/);
        match(text(result), /check with ebs_describe_volumes/);
        ok(!/retryable/i.test(text(result)), text(result));
        const attempts = proxy.requests.filter(action("CreateVolume"));
        // The SDK's retries and the HTTP client's own resend on a reused connection: all repeats.
        ok(attempts.length >= 2, `${attempts.length} attempt(s)`);
        const tokens = new Set(attempts.map(token));
        equal(tokens.size, 1, `tokens differ: ${[...tokens]}`);
        match([...tokens][0] ?? "", /^[0-9a-f-]{36}$/);
        ok(text(result).includes([...tokens][0]!), "the error names the token it sent");
      });

      await t.step("a key pair whose private key never arrived is deleted again", async () => {
        const name = `lost-${RUN}`;
        const result = await call(client, "ec2_create_keypair", { key_name: name });
        equal(result.isError, true);
        match(text(result), /^OutcomeUnknown: CreateKeyPair may have taken effect/);
        match(text(result), new RegExp(`key pair ${name} was deleted again`));
        ok(!/retryable/i.test(text(result)), text(result));
        equal(proxy.requests.filter(action("CreateKeyPair")).length, 1);
        const left = await ec2.describeKeyPairs({
          Filters: [{ Name: "key-name", Values: [name] }],
        });
        deepEqual(left.KeyPairs ?? [], []);
        deepEqual([...Deno.readDirSync(keysDir)], [], "no key file is left behind");
      });

      await t.step("a connection reset is reported as such, not as a timeout", async () => {
        const result = await call(client, "ebs_describe_volumes", { volume_ids: [volume] });
        equal(result.isError, true);
        match(text(result), /^ConnectionReset: /);
        ok(!/Timeout/.test(text(result)), text(result));
      });
    } finally {
      await close();
      await proxy.close();
      await Deno.remove(keysDir, { recursive: true });
    }
  },
);
