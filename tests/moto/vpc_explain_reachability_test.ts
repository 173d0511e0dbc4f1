import type { EC2 } from "@aws-sdk/client-ec2";
import { deepEqual, equal, match } from "node:assert/strict";
import { explainReachability } from "../../tools/vpc/explain_reachability.ts";
import {
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoInternetGateway,
  motoRouteTable,
  motoTest,
  tagSpecs,
} from "../_helpers.ts";

// moto's state is global: this file builds its own VPCs in eu-south-2 (internet, NAT, NACL and
// security group scenarios) and af-south-1 (peering), tagged with its run id, and never reads
// what other files or earlier runs made there.
const REGION = "eu-south-2";
const PEER_REGION = "af-south-1";
const RUN = crypto.randomUUID();
type Taggable =
  | "vpc"
  | "subnet"
  | "route-table"
  | "instance"
  | "security-group"
  | "network-acl"
  | "internet-gateway"
  | "natgateway"
  | "vpc-peering-connection";
const tagged = (type: Taggable) => tagSpecs(type, { run: RUN });

interface Hop {
  step: string;
  allowed: boolean;
  detail: string;
}
interface Answer {
  reachable: boolean;
  verdict: string;
  destination: string;
  hops: Hop[];
  blocked_at?: string;
  not_modeled: string[];
}

/** Builders for one region's scenarios, all tagged with the run id. */
function builder(ec2: EC2, imageId: string) {
  const b = {
    vpc: async (cidr: string) =>
      (await ec2.createVpc({ CidrBlock: cidr, TagSpecifications: tagged("vpc") })).Vpc
        ?.VpcId as string,
    subnet: async (vpcId: string, cidr: string, publicIp = false) => {
      const id = (await ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        TagSpecifications: tagged("subnet"),
      })).Subnet?.SubnetId as string;
      if (publicIp) {
        await ec2.modifySubnetAttribute({ SubnetId: id, MapPublicIpOnLaunch: { Value: true } });
      }
      return id;
    },
    igw: (vpcId: string) => motoInternetGateway(ec2, vpcId, { run: RUN }),
    /** A route table associated with the subnets, with routes `[cidr, target]`. */
    table: (vpcId: string, subnets: string[], routes: [string, string][]) =>
      motoRouteTable(ec2, vpcId, { routes, subnets, tags: { run: RUN } }),
    /** A security group with the given ingress rules; egress stays open unless `closed`. */
    group: async (
      vpcId: string,
      name: string,
      ingress: NonNullable<Parameters<EC2["authorizeSecurityGroupIngress"]>[0]["IpPermissions"]>,
      closed = false,
    ) => {
      const id = (await ec2.createSecurityGroup({
        VpcId: vpcId,
        GroupName: `${name}-${RUN}`,
        Description: name,
        TagSpecifications: tagged("security-group"),
      })).GroupId as string;
      if (ingress.length) {
        await ec2.authorizeSecurityGroupIngress({ GroupId: id, IpPermissions: ingress });
      }
      if (closed) {
        await ec2.revokeSecurityGroupEgress({
          GroupId: id,
          IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
        });
      }
      return id;
    },
    /** A network ACL for the subnet with entries `[rule, egress, action, protocol, ports?]`. */
    acl: async (
      vpcId: string,
      subnet: string,
      entries: [number, boolean, "allow" | "deny", string, [number, number]?][],
    ) => {
      const id = (await ec2.createNetworkAcl({
        VpcId: vpcId,
        TagSpecifications: tagged("network-acl"),
      })).NetworkAcl?.NetworkAclId as string;
      for (const [rule, egress, action, protocol, ports] of entries) {
        await ec2.createNetworkAclEntry({
          NetworkAclId: id,
          RuleNumber: rule,
          Egress: egress,
          RuleAction: action,
          Protocol: protocol,
          CidrBlock: "0.0.0.0/0",
          ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
        });
      }
      const current = await ec2.describeNetworkAcls({
        Filters: [{ Name: "association.subnet-id", Values: [subnet] }],
      });
      const association = current.NetworkAcls?.[0]?.Associations?.find((a) => a.SubnetId === subnet)
        ?.NetworkAclAssociationId;
      await ec2.replaceNetworkAclAssociation({ AssociationId: association, NetworkAclId: id });
      return id;
    },
    instance: async (subnet: string, group: string) =>
      (await ec2.runInstances({
        ImageId: imageId,
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnet,
        SecurityGroupIds: [group],
        TagSpecifications: tagged("instance"),
      })).Instances?.[0] ?? {},
  };
  return b;
}

const steps = (a: Answer) => a.hops.map((h) => h.step);
const detail = (a: Answer, step: string) => a.hops.find((h) => h.step === step)?.detail;

motoTest(
  "vpc_explain_reachability walks built scenarios in moto through an MCP client",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const b = builder(ec2, await motoImageId(ec2));

    // One VPC with an internet gateway; one subnet per scenario.
    const vpc = await b.vpc("10.71.0.0/16");
    const igw = await b.igw(vpc);
    const publicSubnet = await b.subnet(vpc, "10.71.1.0/24", true);
    const privateSubnet = await b.subnet(vpc, "10.71.2.0/24");
    const cutSubnet = await b.subnet(vpc, "10.71.3.0/24", true);
    const guardedSubnet = await b.subnet(vpc, "10.71.4.0/24", true);
    const statelessSubnet = await b.subnet(vpc, "10.71.5.0/24", true);

    const publicTable = await b.table(vpc, [publicSubnet, guardedSubnet, statelessSubnet], [[
      "0.0.0.0/0",
      igw,
    ]]);
    const cutTable = await b.table(vpc, [cutSubnet], [["0.0.0.0/0", igw]]);
    const eip = await ec2.allocateAddress({ Domain: "vpc" });
    const nat = (await ec2.createNatGateway({
      SubnetId: publicSubnet,
      AllocationId: eip.AllocationId,
      TagSpecifications: tagged("natgateway"),
    })).NatGateway?.NatGatewayId as string;
    const privateTable = await b.table(vpc, [privateSubnet], [["0.0.0.0/0", nat]]);

    const open = await b.group(vpc, "open", [
      { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.71.0.0/16" }] },
    ]);
    const closed = await b.group(vpc, "closed", [], true);
    const guardedAcl = await b.acl(vpc, guardedSubnet, [
      [90, false, "deny", "6", [22, 22]],
      [100, false, "allow", "-1"],
      [100, true, "allow", "-1"],
    ]);
    const statelessAcl = await b.acl(vpc, statelessSubnet, [
      [100, false, "allow", "6", [22, 22]],
      [100, true, "allow", "-1"],
    ]);

    const web = await b.instance(publicSubnet, open);
    const worker = await b.instance(privateSubnet, open);
    const cut = await b.instance(cutSubnet, open);
    const shut = await b.instance(publicSubnet, closed);
    const guarded = await b.instance(guardedSubnet, open);
    const stateless = await b.instance(statelessSubnet, open);
    // "The same with the route removed": the cut subnet had the internet route, then lost it.
    await ec2.deleteRoute({ RouteTableId: cutTable, DestinationCidrBlock: "0.0.0.0/0" });

    const mainAcl = (await ec2.describeNetworkAcls({
      Filters: [{ Name: "vpc-id", Values: [vpc] }, { Name: "default", Values: ["true"] }],
    })).NetworkAcls?.[0]?.NetworkAclId as string;

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [explainReachability],
    });
    const explain = (args: Record<string, unknown>) =>
      callOk<Answer>(client, "vpc_explain_reachability", args);
    try {
      await t.step("a public instance reaches the internet", async () => {
        const out = await explain({
          source_instance_id: web.InstanceId,
          destination_cidr: "8.8.8.8",
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, true, out.verdict);
        equal(out.blocked_at, undefined);
        equal(out.verdict, `reachable: ${web.InstanceId} -> 8.8.8.8/32 tcp 443`);
        deepEqual(out.hops, [
          {
            step: "source security group egress",
            allowed: true,
            detail: `${open} (open-${RUN}) allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "source subnet NACL outbound",
            allowed: true,
            detail: `${mainAcl} rule 100 allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "route table",
            allowed: true,
            detail: `${publicTable} sends 8.8.8.8/32 to ${igw} (route 0.0.0.0/0)`,
          },
          {
            step: "internet gateway",
            allowed: true,
            detail: `${igw} carries it from ${web.InstanceId}'s public ${web.PublicIpAddress}/32`,
          },
          {
            step: "return path NACL",
            allowed: true,
            detail:
              `${mainAcl} rule 100 allows all traffic from 0.0.0.0/0 (${publicSubnet} inbound, return)`,
          },
        ]);
        match(out.not_modeled.join("; "), /OS firewalls.*Transit Gateway.*Network Firewall/);
      });

      await t.step("the same with the route removed is blocked at the route table", async () => {
        const out = await explain({
          source_instance_id: cut.InstanceId,
          destination_cidr: "8.8.8.8",
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, false);
        equal(out.blocked_at, "route table");
        equal(detail(out, "route table"), `${cutTable} has no route to 8.8.8.8/32`);
        deepEqual(steps(out), [
          "source security group egress",
          "source subnet NACL outbound",
          "route table",
        ]);
        equal(
          out.verdict,
          `not reachable: blocked at route table: ${cutTable} has no route to 8.8.8.8/32; later hops not evaluated`,
        );
      });

      await t.step("closed security group egress is blocked at the security group", async () => {
        const out = await explain({
          source_instance_id: shut.InstanceId,
          destination_cidr: "0.0.0.0/0",
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, false);
        equal(out.blocked_at, "source security group egress");
        deepEqual(out.hops, [{
          step: "source security group egress",
          allowed: false,
          detail: `no egress rule of ${closed} (closed-${RUN}) allows tcp 443 to 0.0.0.0/0`,
        }]);
      });

      await t.step("a NACL deny is blocked at the NACL with its rule number", async () => {
        const out = await explain({
          source_instance_id: web.InstanceId,
          destination_instance_id: guarded.InstanceId,
          protocol: "tcp",
          port: 22,
        });
        equal(out.reachable, false);
        equal(out.blocked_at, "destination NACL inbound");
        equal(
          detail(out, "destination NACL inbound"),
          `${guardedAcl} rule 90 denies tcp 22 from 0.0.0.0/0`,
        );
        equal(
          detail(out, "route table"),
          `${publicTable} sends ${guarded.PrivateIpAddress}/32 to local (route 10.71.0.0/16)`,
        );
        deepEqual(steps(out), [
          "source security group egress",
          "source subnet NACL outbound",
          "route table",
          "destination NACL inbound",
        ]);
      });

      await t.step(
        "past the NACL, the destination group decides (tcp 443 not allowed)",
        async () => {
          const out = await explain({
            source_instance_id: web.InstanceId,
            destination_instance_id: guarded.InstanceId,
            protocol: "tcp",
            port: 443,
          });
          equal(out.blocked_at, "destination security group ingress");
          equal(
            detail(out, "destination security group ingress"),
            `no ingress rule of ${open} (open-${RUN}) allows tcp 443 from ${web.InstanceId} (${web.PrivateIpAddress}/32)`,
          );
          equal(
            detail(out, "destination NACL inbound"),
            `${guardedAcl} rule 100 allows all traffic from 0.0.0.0/0`,
          );
        },
      );

      await t.step("a stateless NACL without ephemeral ports blocks the return path", async () => {
        const out = await explain({
          source_instance_id: stateless.InstanceId,
          destination_cidr: "1.1.1.1",
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, false);
        equal(out.blocked_at, "return path NACL");
        // moto's CreateNetworkAcl leaves out the catch-all "*" entries AWS puts in every new ACL:
        // with no rule matching, the tool names the implicit deny itself.
        equal(
          detail(out, "return path NACL"),
          `${statelessAcl} has no rule allowing tcp 1024-65535 from 1.1.1.1/32 (${statelessSubnet} inbound, return)`,
        );
        equal(detail(out, "internet gateway")?.startsWith(`${igw} carries it`), true);
      });

      await t.step("a private instance goes out through the NAT gateway", async () => {
        const out = await explain({
          source_instance_id: worker.InstanceId,
          destination_cidr: "8.8.8.8",
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, true, out.verdict);
        equal(worker.PublicIpAddress, undefined);
        const natIp = eip.PublicIp;
        deepEqual(out.hops, [
          {
            step: "source security group egress",
            allowed: true,
            detail: `${open} (open-${RUN}) allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "source subnet NACL outbound",
            allowed: true,
            detail: `${mainAcl} rule 100 allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "route table",
            allowed: true,
            detail: `${privateTable} sends 8.8.8.8/32 to ${nat} (route 0.0.0.0/0)`,
          },
          {
            step: "NAT gateway",
            allowed: true,
            detail: `${nat} in ${publicSubnet} translates to public ${natIp}`,
          },
          {
            step: "NAT subnet NACL inbound",
            allowed: true,
            detail: `${mainAcl} rule 100 allows all traffic from 0.0.0.0/0`,
          },
          {
            step: "NAT subnet route table",
            allowed: true,
            detail: `${publicTable} sends 8.8.8.8/32 to ${igw} (route 0.0.0.0/0)`,
          },
          {
            step: "NAT subnet NACL outbound",
            allowed: true,
            detail: `${mainAcl} rule 100 allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "internet gateway",
            allowed: true,
            detail: `${igw} carries it from ${nat}'s public ${natIp}/32`,
          },
          {
            step: "return path NACL",
            allowed: true,
            detail:
              `${mainAcl} rule 100 allows all traffic from 0.0.0.0/0 (${publicSubnet} inbound, return)`,
          },
          {
            step: "return path NACL",
            allowed: true,
            detail:
              `${mainAcl} rule 100 allows all traffic to 0.0.0.0/0 (${publicSubnet} outbound, return)`,
          },
          {
            step: "return path NACL",
            allowed: true,
            detail:
              `${mainAcl} rule 100 allows all traffic from 0.0.0.0/0 (${privateSubnet} inbound, return)`,
          },
        ]);
      });

      await t.step("an instance in the same VPC is reached over the local route", async () => {
        const out = await explain({
          source_instance_id: worker.InstanceId,
          destination_instance_id: web.InstanceId,
          protocol: "icmp",
        });
        // Same VPC: the local route, not the NAT, and the web group has no ICMP rule.
        equal(out.blocked_at, "destination security group ingress");
        equal(
          detail(out, "route table"),
          `${privateTable} sends ${web.PrivateIpAddress}/32 to local (route 10.71.0.0/16)`,
        );
      });

      await t.step("an S3 gateway endpoint in the route table carries S3 traffic", async () => {
        const endpoint = (await ec2.createVpcEndpoint({
          VpcId: vpc,
          ServiceName: `com.amazonaws.${REGION}.s3`,
          VpcEndpointType: "Gateway",
          RouteTableIds: [privateTable],
        })).VpcEndpoint?.VpcEndpointId as string;
        const out = await explain({
          source_instance_id: worker.InstanceId,
          destination_endpoint_service: `com.amazonaws.${REGION}.s3`,
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, true, out.verdict);
        const pl = (await ec2.describePrefixLists({
          Filters: [{ Name: "prefix-list-name", Values: [`com.amazonaws.${REGION}.s3`] }],
        })).PrefixLists?.[0]?.PrefixListId;
        equal(out.destination, `com.amazonaws.${REGION}.s3 (${pl})`);
        deepEqual(out.hops.slice(2, 4), [
          {
            step: "route table",
            allowed: true,
            detail: `${privateTable} sends ${pl} (com.amazonaws.${REGION}.s3) to ${endpoint}`,
          },
          {
            step: "VPC endpoint",
            allowed: true,
            detail:
              `${endpoint} (Gateway) to com.amazonaws.${REGION}.s3; endpoint policy not evaluated`,
          },
        ]);
        deepEqual(steps(out), [
          "source security group egress",
          "source subnet NACL outbound",
          "route table",
          "VPC endpoint",
          "return path NACL",
        ]);
      });

      await t.step("an interface endpoint is reached at its network interface", async () => {
        // The endpoint's group admits the source's group: a reference, not a CIDR.
        const endpointGroup = await b.group(vpc, "endpoint", [
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: open }] },
        ]);
        const endpoint = (await ec2.createVpcEndpoint({
          VpcId: vpc,
          ServiceName: `com.amazonaws.${REGION}.sqs`,
          VpcEndpointType: "Interface",
          SubnetIds: [guardedSubnet],
          SecurityGroupIds: [endpointGroup],
        })).VpcEndpoint?.VpcEndpointId as string;
        const out = await explain({
          source_instance_id: worker.InstanceId,
          destination_endpoint_service: `com.amazonaws.${REGION}.sqs`,
          protocol: "tcp",
          port: 443,
        });
        equal(out.reachable, true, out.verdict);
        const eni = (await ec2.describeVpcEndpoints({ VpcEndpointIds: [endpoint] }))
          .VpcEndpoints?.[0]?.NetworkInterfaceIds?.[0];
        equal(
          detail(out, "VPC endpoint"),
          `${endpoint} (Interface) ${eni} in ${guardedSubnet}; endpoint policy not evaluated`,
        );
        equal(
          detail(out, "destination NACL inbound"),
          `${guardedAcl} rule 100 allows all traffic from 0.0.0.0/0`,
        );
        equal(
          detail(out, "destination security group ingress"),
          `${endpointGroup} (endpoint-${RUN}) allows tcp 443 from ${open}`,
        );
        deepEqual(steps(out).slice(-2), ["return path NACL", "return path NACL"]);
      });
    } finally {
      await close();
    }
  },
);

motoTest(
  "vpc_explain_reachability follows a VPC peering both ways in moto",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, PEER_REGION);
    const b = builder(ec2, await motoImageId(ec2));
    const appVpc = await b.vpc("10.72.0.0/16");
    const dbVpc = await b.vpc("10.73.0.0/16");
    const appSubnet = await b.subnet(appVpc, "10.72.1.0/24");
    const dbSubnet = await b.subnet(dbVpc, "10.73.1.0/24");
    const pcx = (await ec2.createVpcPeeringConnection({
      VpcId: appVpc,
      PeerVpcId: dbVpc,
      TagSpecifications: tagged("vpc-peering-connection"),
    })).VpcPeeringConnection?.VpcPeeringConnectionId as string;
    await ec2.acceptVpcPeeringConnection({ VpcPeeringConnectionId: pcx });
    const appTable = await b.table(appVpc, [appSubnet], [["10.73.0.0/16", pcx]]);
    const dbTable = await b.table(dbVpc, [dbSubnet], [["10.72.0.0/16", pcx]]);
    const app = await b.group(appVpc, "app", []);
    const db = await b.group(dbVpc, "db", [
      { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: "10.72.0.0/16" }] },
    ]);
    const appInstance = await b.instance(appSubnet, app);
    const dbInstance = await b.instance(dbSubnet, db);
    const dbIp = `${dbInstance.PrivateIpAddress}/32`;
    const appIp = `${appInstance.PrivateIpAddress}/32`;
    const acls = await ec2.describeNetworkAcls({
      Filters: [{ Name: "association.subnet-id", Values: [appSubnet, dbSubnet] }],
    });
    const aclOf = (subnet: string) =>
      acls.NetworkAcls?.find((a) => a.Associations?.some((s) => s.SubnetId === subnet))
        ?.NetworkAclId;

    const { client, close } = await connectMoto(endpoint, PEER_REGION, {}, {
      inventory: [explainReachability],
    });
    const explain = (port: number) =>
      callOk<Answer>(client, "vpc_explain_reachability", {
        source_instance_id: appInstance.InstanceId,
        destination_instance_id: dbInstance.InstanceId,
        protocol: "tcp",
        port,
      });
    try {
      await t.step("peered instances on an allowed port", async () => {
        const out = await explain(5432);
        equal(out.reachable, true, out.verdict);
        deepEqual(out.hops, [
          {
            step: "source security group egress",
            allowed: true,
            detail: `${app} (app-${RUN}) allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "source subnet NACL outbound",
            allowed: true,
            detail: `${aclOf(appSubnet)} rule 100 allows all traffic to 0.0.0.0/0`,
          },
          {
            step: "route table",
            allowed: true,
            detail: `${appTable} sends ${dbIp} to ${pcx} (route 10.73.0.0/16)`,
          },
          {
            step: "peering",
            allowed: true,
            detail: `${pcx} is active between ${appVpc} and ${dbVpc}`,
          },
          {
            step: "return route table",
            allowed: true,
            detail:
              `${dbTable} sends ${appIp} to ${pcx} (route 10.72.0.0/16): replies return over the peering`,
          },
          {
            step: "destination NACL inbound",
            allowed: true,
            detail: `${aclOf(dbSubnet)} rule 100 allows all traffic from 0.0.0.0/0`,
          },
          {
            step: "destination security group ingress",
            allowed: true,
            detail: `${db} (db-${RUN}) allows tcp 5432 from 10.72.0.0/16`,
          },
          {
            step: "return path NACL",
            allowed: true,
            detail: `${
              aclOf(dbSubnet)
            } rule 100 allows all traffic to 0.0.0.0/0 (${dbSubnet} outbound, return)`,
          },
          {
            step: "return path NACL",
            allowed: true,
            detail: `${
              aclOf(appSubnet)
            } rule 100 allows all traffic from 0.0.0.0/0 (${appSubnet} inbound, return)`,
          },
        ]);
      });

      await t.step("peered instances on a disallowed port", async () => {
        const out = await explain(22);
        equal(out.reachable, false);
        equal(out.blocked_at, "destination security group ingress");
        equal(
          detail(out, "destination security group ingress"),
          `no ingress rule of ${db} (db-${RUN}) allows tcp 22 from ${appInstance.InstanceId} (${appIp})`,
        );
        equal(out.hops.at(-1)?.step, "destination security group ingress");
      });

      await t.step("without the route back over the peering, replies cannot return", async () => {
        await ec2.deleteRoute({ RouteTableId: dbTable, DestinationCidrBlock: "10.72.0.0/16" });
        const out = await explain(5432);
        equal(out.reachable, false);
        equal(out.blocked_at, "return route table");
        equal(detail(out, "return route table"), `${dbTable} has no route to ${appIp} over ${pcx}`);
      });
    } finally {
      await close();
    }
  },
);
