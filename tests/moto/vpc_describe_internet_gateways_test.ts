import { deepEqual, equal } from "node:assert/strict";
import { describeInternetGateways } from "../../tools/vpc/describe_internet_gateways.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares eu-west-2 and selects its gateways by id, VPC or run tag.
const REGION = "eu-west-2";
const RUN = crypto.randomUUID();

interface Gateway {
  id: string;
  name?: string;
  owner_id?: string;
  attachments: { vpc_id: string; state?: string }[];
}

motoTest(
  "vpc_describe_internet_gateways shows attached and detached gateways",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const tags = (name: string) => tagSpecs("internet-gateway", { run: RUN, Name: name });
    const vpcId = (await ec2.createVpc({ CidrBlock: "10.42.0.0/16" })).Vpc?.VpcId as string;
    const attached = (await ec2.createInternetGateway({ TagSpecifications: tags("attached") }))
      .InternetGateway?.InternetGatewayId as string;
    await ec2.attachInternetGateway({ VpcId: vpcId, InternetGatewayId: attached });
    const detached = (await ec2.createInternetGateway({ TagSpecifications: tags("detached") }))
      .InternetGateway?.InternetGatewayId as string;
    const attachedRow = {
      id: attached,
      name: "attached",
      owner_id: "123456789012",
      attachments: [{ vpc_id: vpcId, state: "available" }],
    };
    const detachedRow = {
      id: detached,
      name: "detached",
      owner_id: "123456789012",
      attachments: [],
    };

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeInternetGateways],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<{ region: string; internet_gateways: Gateway[] }>(
        client,
        "vpc_describe_internet_gateways",
        args,
      );
    try {
      await t.step("vpc_id finds the gateway attached to that VPC", async () => {
        const out = await describe({ vpc_id: vpcId });
        equal(out.region, REGION);
        deepEqual(out.internet_gateways, [attachedRow]);
      });

      await t.step("a run tag finds both; a detached one has no attachments", async () => {
        const out = await describe({ tags: { run: RUN } });
        deepEqual(
          [...out.internet_gateways].sort((a, b) => a.id.localeCompare(b.id)),
          [attachedRow, detachedRow].sort((a, b) => a.id.localeCompare(b.id)),
        );
      });

      await t.step("ids look gateways up directly", async () => {
        deepEqual((await describe({ internet_gateway_ids: [detached] })).internet_gateways, [
          detachedRow,
        ]);
      });

      await t.step("an unknown id is listed in not_found beside the known one", async () => {
        const out = await callOk<{ internet_gateways: unknown[]; not_found?: string[] }>(
          client,
          "vpc_describe_internet_gateways",
          { internet_gateway_ids: ["igw-0000000000000dead", detached] },
        );
        deepEqual(out.internet_gateways, [detachedRow]);
        deepEqual(out.not_found, ["igw-0000000000000dead"]);
      });
    } finally {
      await close();
    }
  },
);
