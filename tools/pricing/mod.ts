import { compareInstancePrices } from "./compare_instance_prices.ts";
import { estimateInstanceCost } from "./estimate_instance_cost.ts";
import { estimateRunningCost } from "./estimate_running_cost.ts";
import { getOndemandPrice } from "./get_ondemand_price.ts";
import { getSpotPriceHistory } from "./get_spot_price_history.ts";

/** Pricing tools: on-demand and spot prices, estimates, comparisons, the running bill. */
export const pricingTools = [
  getOndemandPrice,
  getSpotPriceHistory,
  estimateInstanceCost,
  compareInstancePrices,
  estimateRunningCost,
];
