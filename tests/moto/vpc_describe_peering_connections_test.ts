import { deepEqual, equal } from "node:assert/strict";
import { describePeeringConnections } from "../../tools/vpc/describe_peering_connections.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares eu-west-2 and ap-northeast-3 and selects its own
// peering connections by VPC or id.
const REGION = "eu-west-2";
const PEER_REGION = "ap-northeast-3";
const RUN = crypto.randomUUID();

interface Side {
  vpc_id?: string;
  owner_id?: string;
  region?: string;
  cidrs?: string[];
}
interface Peering {
  id: string;
  name?: string;
  status?: string;
  requester: Side;
  accepter: Side;
}

motoTest(
  "vpc_describe_peering_connections shows both sides of same- and cross-region peerings",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const peerEc2 = await motoEc2(endpoint, PEER_REGION);
    const vpc = async (client: typeof ec2, cidr: string) =>
      (await client.createVpc({ CidrBlock: cidr })).Vpc?.VpcId as string;
    const a = await vpc(ec2, "10.46.0.0/16");
    const b = await vpc(ec2, "10.47.0.0/16");
    const c = await vpc(peerEc2, "10.48.0.0/16");
    const ab = (await ec2.createVpcPeeringConnection({
      VpcId: a,
      PeerVpcId: b,
      TagSpecifications: tagSpecs("vpc-peering-connection", { run: RUN, Name: "a-b" }),
    })).VpcPeeringConnection?.VpcPeeringConnectionId as string;
    await ec2.acceptVpcPeeringConnection({ VpcPeeringConnectionId: ab });
    const ac = (await ec2.createVpcPeeringConnection({
      VpcId: a,
      PeerVpcId: c,
      PeerRegion: PEER_REGION,
    })).VpcPeeringConnection?.VpcPeeringConnectionId as string;

    const side = (vpcId: string, cidr: string, region: string): Side => ({
      vpc_id: vpcId,
      owner_id: "123456789012",
      region,
      cidrs: [cidr],
    });
    const abRow = {
      id: ab,
      name: "a-b",
      status: "active",
      status_message: "Active",
      requester: side(a, "10.46.0.0/16", REGION),
      accepter: side(b, "10.47.0.0/16", REGION),
    };
    const acRow = {
      id: ac,
      status: "pending-acceptance",
      status_message: "Pending Acceptance by 123456789012",
      requester: side(a, "10.46.0.0/16", REGION),
      accepter: side(c, "10.48.0.0/16", PEER_REGION),
    };
    const byId = (rows: Peering[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describePeeringConnections],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<{ region: string; peering_connections: Peering[] }>(
        client,
        "vpc_describe_peering_connections",
        args,
      );
    try {
      await t.step("vpc_id matches the requester side", async () => {
        const out = await describe({ vpc_id: a });
        equal(out.region, REGION);
        deepEqual(byId(out.peering_connections), byId([abRow, acRow]));
      });

      await t.step(
        "vpc_id matches the accepter side, and only that VPC's connections",
        async () => {
          deepEqual((await describe({ vpc_id: b })).peering_connections, [abRow]);
        },
      );

      await t.step("statuses and ids narrow the list", async () => {
        deepEqual((await describe({ vpc_id: a, statuses: ["active"] })).peering_connections, [
          abRow,
        ]);
        deepEqual((await describe({ peering_connection_ids: [ac] })).peering_connections, [acRow]);
      });

      await t.step("the accepter's region sees the cross-region connection too", async () => {
        const peer = await connectMoto(endpoint, PEER_REGION, {}, {
          inventory: [describePeeringConnections],
        });
        try {
          const out = await callOk<{ region: string; peering_connections: Peering[] }>(
            peer.client,
            "vpc_describe_peering_connections",
            { vpc_id: c },
          );
          equal(out.region, PEER_REGION);
          deepEqual(out.peering_connections, [acRow]);
        } finally {
          await peer.close();
        }
      });
    } finally {
      await close();
    }
  },
);
