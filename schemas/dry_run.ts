import { z } from "zod";

/**
 * A dry run's answer: whether the call would succeed and, if not, why and which IAM actions are
 * missing. The server builds it from EC2's DryRun answers; tools of services without DryRun
 * (CloudWatch) answer it themselves.
 */
export const dryRunOutcome = z.object({
  would_succeed: z.boolean(),
  message: z.string(),
  missing_permissions: z.array(z.string()).optional(),
});
