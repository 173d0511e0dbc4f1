import { listRegions } from "./list_regions.ts";
import { whoami } from "./whoami.ts";

/** Tools about the session itself, always available. */
export const awsTools = [whoami, listRegions];
